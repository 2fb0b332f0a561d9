import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/** `lib/` of this checkout. */
export const LIB = resolve(__dirname, '..', '..', 'lib');

/** A file's path relative to `lib/`, with forward slashes (`core/messages.ts`). */
export function libPath(file: string): string {
  return relative(LIB, file).split('\\').join('/');
}

function resolveModule(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${libPath(from)}: cannot resolve ${specifier}`);
}

/** Every module a file imports or re-exports (static, type-only and dynamic `import()`), relative ones resolved to files. */
export function importsOf(file: string): { readonly files: string[]; readonly packages: string[] } {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const files: string[] = [];
  const packages: string[] = [];
  for (const { fileName } of info.importedFiles) {
    const resolved = resolveModule(file, fileName);
    if (resolved) files.push(resolved);
    else packages.push(fileName);
  }
  return { files, packages };
}

/** The files reachable from `entry` through relative imports, each with the chain that reaches it. */
export function reachableFrom(entry: string): Map<string, readonly string[]> {
  const seen = new Map<string, readonly string[]>([[entry, [libPath(entry)]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const next of importsOf(file).files) {
      if (seen.has(next)) continue;
      seen.set(next, [...(seen.get(file) ?? []), libPath(next)]);
      queue.push(next);
    }
  }
  return seen;
}
