import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SchemaRegistry, type SchemaRegistryOptions } from './schema-registry';
import { SCHEMA_REGISTRY_FILE } from './schema-registry.types';

/** Environment variable naming the registry file (`off` disables the registry). */
export const SCHEMA_REGISTRY_ENV = 'CHAT_TS_SCHEMAS';

const STATE_KEY = Symbol.for('chat-ts.schema-registry');
type State = { resolved: boolean; registry?: SchemaRegistry };

function state(): State {
  const holder = globalThis as { [STATE_KEY]?: State };
  holder[STATE_KEY] ??= { resolved: false };
  return holder[STATE_KEY];
}

/**
 * Loads a registry written by `npx chat-ts schema` and makes it the process-wide one, used by
 * `collectTools()` and `withStructuredOutput()` from then on.
 *
 * @example
 * loadSchemaRegistry(join(__dirname, '..', 'chat-ts.schemas.json'));
 * @throws SchemaRegistryError when the file cannot be read.
 */
export function loadSchemaRegistry(path: string, options: SchemaRegistryOptions = {}): SchemaRegistry {
  const registry = SchemaRegistry.fromFile(path, options);
  useSchemaRegistry(registry);
  return registry;
}

/** Sets the process-wide registry; `null` turns the registry off (run-time schemas only). */
export function useSchemaRegistry(registry: SchemaRegistry | null): void {
  const current = state();
  current.resolved = true;
  current.registry = registry ?? undefined;
}

/** Forgets the process-wide registry, so that the next use discovers it again (tests). */
export function resetSchemaRegistry(): void {
  const current = state();
  current.resolved = false;
  current.registry = undefined;
}

/**
 * The process-wide registry: the one loaded or set; else `CHAT_TS_SCHEMAS` (a path, or `off`);
 * else a `chat-ts.schemas.json` found next to the entry script (walking up to its package root)
 * or in the working directory; else none.
 */
export function currentSchemaRegistry(): SchemaRegistry | undefined {
  const current = state();
  if (current.resolved) return current.registry;
  const fromEnv = process.env[SCHEMA_REGISTRY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    // A wrong path in the environment is an error every time, not once.
    current.registry = ['off', 'none', 'false', '0'].includes(fromEnv.toLowerCase()) ? undefined : SchemaRegistry.fromFile(fromEnv);
    current.resolved = true;
    return current.registry;
  }
  current.resolved = true;
  const found = discoverRegistryFile();
  if (found) {
    try {
      current.registry = SchemaRegistry.fromFile(found);
    } catch (error) {
      process.emitWarning(`chat-ts: ignoring ${found}: ${(error as Error).message}`, { code: 'CHAT_TS_SCHEMA_REGISTRY' });
    }
  }
  return current.registry;
}

/** Looks for `chat-ts.schemas.json` from the entry script's directory up to its package root, then in the working directory. */
export function discoverRegistryFile(entry: string | undefined = require.main?.filename, cwd: string = process.cwd()): string | undefined {
  const candidates: string[] = [];
  if (entry) {
    let dir = dirname(resolve(entry));
    for (;;) {
      candidates.push(join(dir, SCHEMA_REGISTRY_FILE));
      if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) break;
      dir = dirname(dir);
    }
  }
  candidates.push(join(resolve(cwd), SCHEMA_REGISTRY_FILE));
  return candidates.find((candidate) => existsSync(candidate));
}
