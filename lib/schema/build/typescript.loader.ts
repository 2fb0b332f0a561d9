import { dirname } from 'node:path';
import type * as TypeScript from 'typescript';
import type * as TJS from 'typescript-json-schema';

/** typescript-json-schema and the TypeScript compiler it runs on (its own copy, so that syntax kinds agree). */
export interface SchemaToolchain {
  readonly tjs: typeof TJS;
  readonly ts: typeof TypeScript;
}

/**
 * Loads typescript-json-schema lazily: only `chat-ts schema` needs it (building a program takes
 * seconds; it never belongs in a request).
 */
export async function loadSchemaToolchain(): Promise<SchemaToolchain> {
  const tjs = (await import('typescript-json-schema')) as typeof TJS;
  const tsPath = require.resolve('typescript', { paths: [dirname(require.resolve('typescript-json-schema'))] });
  const ts = (await import(tsPath)) as typeof TypeScript;
  return { tjs, ts };
}
