import { ConfigurationError } from '../../errors/configuration.error';
import { SCHEMA_METADATA_VERSION, type ClassMetadata, type SchemaMetadata, type ToolMethodMetadata } from './schema-metadata.types';

const STATE_KEY = Symbol.for('chat-ts.schema-metadata');

interface State {
  readonly loaded: Set<SchemaMetadata>;
  /** Entries whose class thunk has not been called yet (it may still be in its module's temporal dead zone). */
  pending: ClassMetadata[];
  byClass: WeakMap<Function, ClassMetadata>;
}

/** One store per process (on `globalThis`, so that two copies of chat-ts share it). */
function state(): State {
  const holder = globalThis as { [STATE_KEY]?: State };
  holder[STATE_KEY] ??= { loaded: new Set(), pending: [], byClass: new WeakMap() };
  return holder[STATE_KEY];
}

/**
 * Registers the schemas `chat-ts schema` generated, bound to the classes themselves. Idempotent:
 * loading the same metadata twice does nothing. The generated module calls it when imported, so
 * `import './chat-ts.metadata'` is enough; calling it with `chatTsMetadata` says so explicitly.
 *
 * @example
 * import { chatTsMetadata } from './chat-ts.metadata';
 * loadSchemaMetadata(chatTsMetadata);
 * @throws ConfigurationError for metadata of another format version (regenerate it).
 */
export function loadSchemaMetadata(metadata: SchemaMetadata): void {
  const current = state();
  if (current.loaded.has(metadata)) return;
  if (!metadata || metadata.version !== SCHEMA_METADATA_VERSION || !Array.isArray(metadata.classes)) {
    throw new ConfigurationError(
      `Schema metadata of format version ${String(metadata?.version)} cannot be loaded by this chat-ts (expects ${SCHEMA_METADATA_VERSION}); run \`npx chat-ts schema\` again`,
    );
  }
  current.loaded.add(metadata);
  current.pending.push(...metadata.classes);
}

/** Whether any generated metadata was loaded in this process. */
export function hasSchemaMetadata(): boolean {
  return state().loaded.size > 0;
}

/** The generated metadata of this very class (not inherited), if loaded. */
export function classMetadataOf(type: Function): ClassMetadata | undefined {
  const current = state();
  if (current.pending.length > 0) resolvePending(current);
  return current.byClass.get(type);
}

/** The generated metadata of a `@Tool()` method of `type` (the class declaring it). */
export function toolMetadataOf(type: Function, method: string): ToolMethodMetadata | undefined {
  return classMetadataOf(type)?.tools?.[method];
}

/** Forgets every loaded metadata (tests). */
export function resetSchemaMetadata(): void {
  const current = state();
  current.loaded.clear();
  current.pending = [];
  current.byClass = new WeakMap();
}

function resolvePending(current: State): void {
  const waiting: ClassMetadata[] = [];
  for (const entry of current.pending) {
    let type: unknown;
    try {
      type = entry.type();
    } catch {
      waiting.push(entry);
      continue;
    }
    if (typeof type !== 'function') {
      waiting.push(entry);
      continue;
    }
    const known = current.byClass.get(type);
    current.byClass.set(type, known ? { ...known, ...entry, tools: { ...known.tools, ...entry.tools } } : entry);
  }
  current.pending = waiting;
}
