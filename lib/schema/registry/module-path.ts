import { isAbsolute, join, relative, sep } from 'node:path';

const EXTENSIONS = /\.(d\.)?(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** `src/tools/weather.tools.ts` → `src/tools/weather.tools` (posix separators, no extension). */
export function toModulePath(relativePath: string): string {
  return relativePath.split(sep).join('/').replace(EXTENSIONS, '');
}

/**
 * The module path (relative to the project, no extension) of a file running now: sources map
 * directly, compiled files under `outDir` map back to `rootDir`. Undefined outside the project.
 */
export function modulePathOf(file: string, projectDir: string, rootDir: string, outDir: string | undefined): string | undefined {
  if (outDir !== undefined && outDir !== '' && outDir !== '.' && /\.(js|mjs|cjs)$/.test(file)) {
    const fromOut = relative(join(projectDir, outDir), file);
    if (fromOut && !fromOut.startsWith('..') && !isAbsolute(fromOut)) return toModulePath(join(rootDir, fromOut));
  }
  const fromProject = relative(projectDir, file);
  if (!fromProject || fromProject.startsWith('..') || isAbsolute(fromProject)) return undefined;
  return toModulePath(fromProject);
}
