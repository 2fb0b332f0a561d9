import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * Runs a TypeScript file in a separate Node process (ts-node, transpile only) with one JSON
 * argument, and parses the JSON line it prints last. The child is a real other process: its own
 * memory, its own sockets.
 */
export async function runTsChild<T>(file: string, input: unknown, extraEnv: NodeJS.ProcessEnv = {}): Promise<T> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, TS_NODE_TRANSPILE_ONLY: 'true' };
  const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', file, JSON.stringify(input)], { cwd: ROOT, env, timeout: 60_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** The child side of {@link runTsChild}: reads the JSON argument, prints the JSON result, exits. */
export function childMain<I, O>(main: (input: I) => Promise<O>): void {
  main(JSON.parse(process.argv[2] ?? '{}') as I).then(
    (out) => {
      process.stdout.write(`${JSON.stringify(out)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

/** A long-running TypeScript child process started by {@link startTsService}. */
export interface TsService {
  readonly child: ChildProcess;
  /** The words after `ready` on the line the child printed when it was ready (e.g. its port). */
  readonly ready: string;
  /** Resolves when the process has exited. */
  exited(): Promise<void>;
}

/**
 * Starts a TypeScript file as a long-running process (ts-node, transpile only) with one JSON
 * argument; resolves once it prints a line starting with `ready` (what follows is `ready`).
 */
export function startTsService(file: string, input: unknown, extraEnv: NodeJS.ProcessEnv = {}): Promise<TsService> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, TS_NODE_TRANSPILE_ONLY: 'true' };
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', file, JSON.stringify(input)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = (): Promise<void> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  let err = '';
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('ready'));
      if (line !== undefined) resolve({ child, ready: line.slice('ready'.length).trim(), exited });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited (${String(code)}) before it was ready: ${err}`)));
  });
}
