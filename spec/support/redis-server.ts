/**
 * A throwaway `redis-server` for specs: started on a free loopback port with its own temporary
 * directory (no persistence, nothing shared with another test run), stopped and removed afterwards.
 * Fails with a message naming the install command when the binary is not on the PATH.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis, { type RedisOptions } from 'ioredis';
import { ProviderEmulator } from '../../lib/testing';

export const REDIS_INSTALL_HINT = 'apt-get update && apt-get install -y redis-server';

/** A running test redis-server. */
export interface TestRedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM, SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
  /**
   * Stops the server (SIGTERM: it writes its append-only file when `persistent`) and starts it
   * again on the same port in the same directory after `downMs`; resolves once it answers PING.
   */
  restart(downMs?: number): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface TestRedisServerOptions {
  /** Keep data across {@link TestRedisServer.restart} (`appendonly yes`, fsync always); default off. */
  readonly persistent?: boolean;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released before the server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function assertInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`redis-server is not installed (needed by the chat-ts/redis specs). Install it with: ${REDIS_INSTALL_HINT}`);
  }
}

function launch(port: number, dir: string, persistent = false): Promise<ChildProcess> {
  const persistence = persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence, '--protected-mode', 'yes', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const early = (code: number | null): void => reject(new Error(`redis-server exited (${String(code)}) before accepting connections: ${output}`));
    child.once('exit', early);
    const poll = (): void => {
      const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
      if (ping.stdout?.trim() === 'PONG') {
        child.off('exit', early);
        return resolve(child);
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        return reject(new Error(`redis-server did not answer PING on port ${port} within 10 s: ${output}`));
      }
      setTimeout(poll, 50);
    };
    poll();
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts a redis-server on a free loopback port in a fresh temporary directory.
 *
 * @example
 * let redis: TestRedisServer;
 * beforeAll(async () => { redis = await startRedisServer(); });
 * afterAll(() => redis.stop());
 */
export async function startRedisServer(options: TestRedisServerOptions = {}): Promise<TestRedisServer> {
  assertInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'chat-ts-redis-'));
  const port = await freePort();
  let child = await launch(port, dir, options.persistent);
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await kill(child);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(downMs = 0) {
      await kill(child);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      child = await launch(port, dir, options.persistent);
    },
  };
}

/** What {@link useRedisWithEmulator} gives a spec, ready inside its tests. */
export interface RedisWithEmulator {
  /** The spec's redis-server. */
  readonly server: TestRedisServer;
  /** The spec's provider emulator (reset before each test). */
  readonly emulator: ProviderEmulator;
  /** A new ioredis client on the server, disconnected after the spec (BullMQ needs `{ maxRetriesPerRequest: null }`). */
  client(options?: RedisOptions): Redis;
  /** Runs `close` after the spec's tests, before the clients and servers are stopped (Jest runs `afterAll` hooks in the order they are declared). */
  teardown(close: () => unknown): void;
}

/**
 * The set-up of a spec that runs chats against Redis: starts a redis-server and a provider emulator
 * before the spec's tests, resets the emulator before each, and stops both (and disconnects the
 * clients made with `client()`) after them. Call it inside `describe`.
 *
 * @example
 * const env = useRedisWithEmulator();
 * it('...', async () => { const redis = env.client(); emulator.script(...); });
 */
export function useRedisWithEmulator(options: TestRedisServerOptions = {}): RedisWithEmulator {
  let server: TestRedisServer | undefined;
  let emulator: ProviderEmulator | undefined;
  const clients: Redis[] = [];
  const closers: Array<() => unknown> = [];
  beforeAll(async () => {
    server = await startRedisServer(options);
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    for (const client of clients.splice(0)) client.disconnect();
    await emulator?.close();
    await server?.stop();
  });
  beforeEach(() => emulator?.reset());
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useRedisWithEmulator: the ${what} is started in beforeAll; use it inside a test or hook`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'redis-server');
    },
    get emulator() {
      return ready(emulator, 'emulator');
    },
    client(clientOptions: RedisOptions = {}) {
      const client = new Redis(ready(server, 'redis-server').url, clientOptions);
      clients.push(client);
      return client;
    },
    teardown(close: () => unknown) {
      closers.push(close);
    },
  };
}
