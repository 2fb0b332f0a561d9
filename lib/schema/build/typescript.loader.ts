import Module from 'node:module';
import { dirname, join } from 'node:path';
import type * as TypeScript from 'typescript';
import type * as TJS from 'typescript-json-schema';

/** typescript-json-schema and the TypeScript compiler it runs on. */
export interface SchemaToolchain {
  readonly tjs: typeof TJS;
  readonly ts: typeof TypeScript;
  /** Where each was loaded from. */
  readonly paths: { readonly tjs: string; readonly ts: string };
}

/** `chat-ts schema` cannot run: typescript-json-schema (an optional peer) is not installed. */
export class SchemaToolchainMissingError extends Error {
  constructor(projectDir: string) {
    super(
      `chat-ts schema needs typescript-json-schema, which is not installed where ${projectDir} can find it. ` +
        'It is only needed where the CLI runs, never in production: install it as a dev dependency ' +
        '(`npm i -D typescript-json-schema`), or run the CLI once with `npx -p typescript-json-schema -p chat-ts chat-ts schema`.',
    );
    this.name = 'SchemaToolchainMissingError';
  }
}

const cache = new Map<string, SchemaToolchain>();

function resolveFrom(request: string, paths: readonly string[]): string | undefined {
  try {
    return require.resolve(request, { paths: [...paths] });
  } catch {
    return undefined;
  }
}

/**
 * Loads typescript-json-schema lazily (only `chat-ts schema` needs it), running on the app's own
 * TypeScript: `typescript` is resolved from the project directory first, and typescript-json-schema
 * is made to use that same copy (their syntax kinds must agree), so the app's code is read by the
 * compiler that builds it. Falls back to the TypeScript typescript-json-schema brings.
 *
 * @param searchPaths where to look for both packages, the project directory first.
 * @throws SchemaToolchainMissingError when typescript-json-schema cannot be found.
 */
export function loadSchemaToolchain(projectDir: string, searchPaths: readonly string[] = [projectDir, __dirname]): SchemaToolchain {
  const tjsPath = resolveFrom('typescript-json-schema', searchPaths);
  if (!tjsPath) throw new SchemaToolchainMissingError(projectDir);
  const tsPath = resolveFrom('typescript', searchPaths) ?? resolveFrom('typescript', [dirname(tjsPath)]);
  if (!tsPath) throw new SchemaToolchainMissingError(projectDir);
  const key = `${tjsPath}\n${tsPath}`;
  const known = cache.get(key);
  if (known) return known;
  const ts = require(tsPath) as typeof TypeScript;
  const tjsRoot = dirname(resolveFrom('typescript-json-schema/package.json', searchPaths) ?? tjsPath);
  const tjs = withTypescriptRedirect(tsPath, join(tjsRoot, '/'), () => require(tjsPath) as typeof TJS);
  const toolchain: SchemaToolchain = { tjs, ts, paths: { tjs: tjsPath, ts: tsPath } };
  cache.set(key, toolchain);
  return toolchain;
}

type Resolver = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;

/** While `load` runs, `require('typescript')` from inside `ownerDir` resolves to `tsPath`. */
function withTypescriptRedirect<T>(tsPath: string, ownerDir: string, load: () => T): T {
  const moduleClass = Module as unknown as { _resolveFilename: Resolver };
  const original = moduleClass._resolveFilename;
  moduleClass._resolveFilename = function (request, parent, ...rest) {
    if (request === 'typescript' && parent?.filename?.startsWith(ownerDir)) return tsPath;
    return original.call(this, request, parent, ...rest);
  };
  try {
    return load();
  } finally {
    moduleClass._resolveFilename = original;
  }
}
