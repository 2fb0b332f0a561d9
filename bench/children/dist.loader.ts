/*
 * Bench children run as plain JavaScript (transpiled by bench/support/processes.ts) and load
 * chat-ts from the built package, as an application would; types come from lib/ at compile time.
 */
import { join } from 'node:path';

/** Requires a module of the built package, e.g. `fromDist<typeof import('../../lib')>('index.js')`. */
export function fromDist<T>(path: string): T {
  const dist = process.env.CHAT_TS_DIST;
  if (!dist) throw new Error('CHAT_TS_DIST is not set: run bench children through bench/support/processes.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(dist, path)) as T;
}

/** Requires a dependency as the built package resolves it (e.g. `axios`). */
export function dependency<T>(name: string): T {
  const dist = process.env.CHAT_TS_DIST;
  if (!dist) throw new Error('CHAT_TS_DIST is not set: run bench children through bench/support/processes.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(name, { paths: [dist] })) as T;
}

/** Value of `--name value` in argv, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Prints the child's JSON result as its last stdout line. */
export function printResult(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The `listening <port>` line a server child prints for its parent. */
export function announce(port: number): void {
  process.stdout.write(`listening ${port}\n`);
}

/** Exits cleanly on SIGTERM/SIGINT after `stop()`. */
export function stopOnSignal(stop: () => Promise<void> | void): void {
  const handler = (): void => {
    Promise.resolve(stop()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/**
 * Listens on a free loopback port, announces it to the parent, and closes every connection then the
 * server on SIGTERM/SIGINT (the bench servers' whole lifetime).
 */
export function serveUntilSignal(server: import('node:http').Server, backlog?: number): void {
  server.keepAliveTimeout = 60_000;
  const onListening = (): void => {
    const address = server.address();
    announce(typeof address === 'object' && address ? address.port : 0);
  };
  if (backlog === undefined) server.listen(0, '127.0.0.1', onListening);
  else server.listen(0, '127.0.0.1', backlog, onListening);
  stopOnSignal(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
}
