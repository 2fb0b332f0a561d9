import { MissingSchemaMetadataError } from '../../errors/missing-schema-metadata.error';
import { hasSchemaMetadata } from './schema-metadata.store';

/** Warning code of the run-time schema fallback (filter it with `process.on('warning')`). */
export const RUNTIME_SCHEMA_WARNING = 'CHAT_TS_RUNTIME_SCHEMA';

/** What a class without a generated schema loses on the run-time path. */
const LOST = 'JSDoc descriptions, unions, literal unions, optionality and @minimum/@pattern tags that no decorator states';

const IMPORT = "`import './chat-ts.metadata';` (`import './chat-ts.metadata.js';` in an ES module app: `\"type\": \"module\"` with module nodenext or node16)";

/** The build the process runs under, as far as globals and the environment tell (nothing is read from disk). */
export type DetectedBuilder = 'jest' | 'webpack' | 'ts-node' | 'node';

/** Guesses the build from globals and the environment. */
export function detectBuilder(): DetectedBuilder {
  if (process.env.JEST_WORKER_ID !== undefined) return 'jest';
  if (typeof (globalThis as { __webpack_require__?: unknown }).__webpack_require__ === 'function' || typeof __webpack_require__ === 'function') return 'webpack';
  if ((process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')] !== undefined) return 'ts-node';
  return 'node';
}

declare const __webpack_require__: unknown;

/** The exact fix for a build: generate the metadata module, and import it where the app starts. */
export function schemaFixFor(builder: DetectedBuilder): string {
  const generate = 'generate it with `npx chat-ts schema` (add `"prebuild": "chat-ts schema"` to package.json, and run `chat-ts schema --watch` beside `nest start --watch` / `tsc -w`)';
  switch (builder) {
    case 'jest':
      return `${generate}, and add ${IMPORT} to the test (or a jest \`setupFiles\` entry; with ts-jest add \`"pretest": "chat-ts schema"\`)`;
    case 'webpack':
      return `${generate}, and add ${IMPORT} as the first import of main.ts: webpack bundles it like any module (so do SWC and esbuild)`;
    case 'ts-node':
      return `${generate}, and add ${IMPORT} as the first import of the entry file`;
    case 'node':
      return `${generate}, and add ${IMPORT} as the first import of main.ts (tsc, nest build, SWC and esbuild builds compile it like any module), or pass \`metadata: chatTsMetadata\` to ChatModule.forRoot()`;
  }
}

function why(className: string): string {
  return hasSchemaMetadata()
    ? `${className} is not in the loaded chat-ts metadata (new since \`chat-ts schema\` ran, not exported, or outside the build's tsconfig)`
    : `no generated chat-ts metadata is loaded, so ${className} has no build-time schema`;
}

const WARNED = Symbol.for('chat-ts.runtime-schema-warned');

function warned(): WeakSet<Function> {
  const holder = globalThis as { [WARNED]?: WeakSet<Function> };
  return (holder[WARNED] ??= new WeakSet<Function>());
}

/**
 * Warns, once per class per process (code `CHAT_TS_RUNTIME_SCHEMA`), that a class gets the run-time
 * schema: names the class, what is lost and the fix for the detected build.
 */
export function warnRuntimeSchema(type: Function): void {
  const seen = warned();
  if (seen.has(type)) return;
  seen.add(type);
  const name = type.name || '(anonymous class)';
  process.emitWarning(
    `chat-ts: ${why(name)}; using the run-time schema (reflection + class-validator), which loses ${LOST}. Fix: ${schemaFixFor(detectBuilder())}.`,
    { code: RUNTIME_SCHEMA_WARNING },
  );
}

/** The error `strictSchemas` raises for a class without a generated schema. */
export function missingSchemaError(type: Function): MissingSchemaMetadataError {
  const name = type.name || '(anonymous class)';
  return new MissingSchemaMetadataError(
    name,
    `${why(name)}, and strictSchemas forbids the run-time schema (it would lose ${LOST}). Fix: ${schemaFixFor(detectBuilder())}.`,
  );
}
