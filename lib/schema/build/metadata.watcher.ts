import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GeneratedMetadata } from './metadata.generator';

/** Options of `watchSources`. */
export interface WatchOptions {
  /** Directories to watch (recursively). */
  readonly directories: readonly string[];
  /** Files whose changes are ignored (the generated module itself). */
  readonly ignore: (file: string) => boolean;
  /** Regenerates; called once at start and after each burst of changes. */
  readonly regenerate: () => Promise<GeneratedMetadata | undefined> | GeneratedMetadata | undefined;
  /** Quiet time after the last change before regenerating (default 150 ms). */
  readonly debounceMs?: number;
  readonly signal: AbortSignal;
}

/**
 * Watches the build's source directories (`fs.watch`, recursive) and regenerates after each burst
 * of changes to `.ts` files, for `nest start --watch` / `tsc -w` beside it. Resolves when `signal` aborts.
 */
export async function watchSources(options: WatchOptions): Promise<void> {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let again = false;
  const run = (): void => {
    running = running.then(async () => {
      again = false;
      try {
        await options.regenerate();
      } catch (error) {
        process.stderr.write(`chat-ts schema: ${(error as Error).message}\n`);
      }
    });
  };
  const changed = (dir: string, file: string | Buffer | null): void => {
    const name = file ? resolve(dir, file.toString()) : undefined;
    if (name && (!/\.(ts|tsx|mts|cts)$/.test(name) || /\.d\.ts$/.test(name) || options.ignore(name))) return;
    again = true;
    clearTimeout(timer);
    timer = setTimeout(() => again && run(), options.debounceMs ?? 150);
  };
  run();
  for (const dir of minimalDirectories(options.directories)) {
    const watcher = watch(dir, { recursive: true }, (_event, file) => changed(dir, file));
    watcher.on('error', (error) => process.stderr.write(`chat-ts schema: watching ${dir}: ${error.message}\n`));
    watchers.push(watcher);
  }
  await new Promise<void>((done) => {
    if (options.signal.aborted) return done();
    options.signal.addEventListener('abort', () => done(), { once: true });
  });
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await running;
}

/** Directories not inside another of the list. */
function minimalDirectories(directories: readonly string[]): string[] {
  const sorted = [...new Set(directories.map((d) => resolve(d)))].sort();
  return sorted.filter((dir) => !sorted.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

/** The directories holding a build's root files (what `--watch` watches). */
export function sourceDirectories(files: readonly string[]): string[] {
  return minimalDirectories(files.map((f) => dirname(f)));
}
