import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root. */
export const ROOT = resolve(__dirname, '..', '..');
/**
 * The built package (`npm run build`): children load chat-ts from here, as an app would.
 * `BENCH_DIST=/path/to/dist` points the children at another build (e.g. main's, to compare side by side).
 */
export const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let built = false;

/** Runs `npm run build` unless `dist/` is newer than every source in `lib/`. */
export function ensureBuilt(log: (line: string) => void = () => undefined): void {
  if (built || process.env.BENCH_DIST) return;
  const marker = join(DIST, 'index.js');
  if (!existsSync(marker) || statSync(marker).mtimeMs < newestMtime(join(ROOT, 'lib'))) {
    log('building the package (npm run build)...');
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  }
  built = true;
}

let scriptsDir: string | undefined;

/**
 * The bench's child scripts (`bench/children/*.ts`, plus `bench/support/measure.ts` they share)
 * transpiled to plain JavaScript in a temporary folder, so children run on bare `node` (no
 * ts-node, no TypeScript compiler in their memory) and load chat-ts from `dist/`.
 */
function compiledScripts(): string {
  if (scriptsDir) return scriptsDir;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const out = join(tmpdir(), `chat-ts-bench-${process.pid}`);
  const sources = [
    ...readdirSync(join(ROOT, 'bench', 'children')).map((f) => join(ROOT, 'bench', 'children', f)),
    join(ROOT, 'bench', 'support', 'measure.ts'),
  ].filter((f) => f.endsWith('.ts'));
  for (const source of sources) {
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: source,
    });
    const target = join(out, relative(join(ROOT, 'bench'), source)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  scriptsDir = out;
  return out;
}

/** Path of a compiled child script, e.g. `childScript('sse.server')`. */
export function childScript(name: string): string {
  return join(compiledScripts(), 'children', `${name}.js`);
}

/** How to run a child. */
export interface ChildOptions {
  /** Extra `node` flags (e.g. `--expose-gc`, `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Raise the open-files limit first (`ulimit -n`), for thousands of sockets. */
  readonly manyFiles?: boolean;
}

function spawnChild(script: string, args: readonly string[], options: ChildOptions): ChildProcess {
  const nodeArgs = [...(options.nodeArgs ?? []), script, ...args];
  const env = { ...process.env, CHAT_TS_DIST: DIST, ...options.env };
  if (!options.manyFiles) return spawn(process.execPath, nodeArgs, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  // raise the soft limit as far as the hard limit allows, then become node
  const raise = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  return spawn('/bin/sh', ['-c', raise, process.execPath, ...nodeArgs], { env, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** A server running in its own process. */
export interface ChildServer {
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:4321`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a server child; it must print `listening <port>` on stdout once it listens. */
export function startServer(name: string, args: readonly string[] = [], options: ChildOptions = {}): Promise<ChildServer> {
  const child = spawnChild(childScript(name), args, options);
  return new Promise<ChildServer>((resolvePort, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening`)));
    lines.on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line.trim());
      if (!match) return;
      const port = Number(match[1]);
      resolvePort({
        port,
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Runs a client child to its end; its last stdout line is its JSON result. */
export function runClient<T>(name: string, args: readonly string[] = [], options: ChildOptions = {}): Promise<T> {
  const child = spawnChild(childScript(name), args, options);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  return new Promise<T>((resolveResult, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${name} failed (${signal ?? code}): ${out.trim().slice(-2000)}`));
      try {
        resolveResult(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${name} printed no JSON result: ${out.trim().slice(-2000)}`));
      }
    });
  });
}

/** `node` flags of measuring clients: `--expose-gc`, plus `--cpu-prof` into `$BENCH_PROFILE` when set. */
export function clientNodeArgs(): string[] {
  const dir = process.env.BENCH_PROFILE;
  return ['--expose-gc', ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`] : [])];
}
