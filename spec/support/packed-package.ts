import { execFileSync, spawn, type ExecFileSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The package as users install it: `npm pack` of this checkout, and throwaway consumer apps that
 * install the tarball with npm, build it with their own tools and run it.
 *
 * The tarball is built once per content of `lib/`, `package.json` and the build tsconfig, and shared
 * by every spec file of a jest run (and later runs while the sources are unchanged) through a folder
 * in the OS temp dir. Installs prefer the npm cache that `npm ci` filled and fall back to the registry
 * (CI may reach the npm registry; a fresh cache has tarballs but not every package document).
 *
 * @example
 * const app = createConsumerApp({ dependencies: { 'chat-ts': packedTarball() }, files: { 'main.js': '...' } });
 * app.run('node', ['main.js']);
 * app.remove();
 */

export const REPO_ROOT = resolve(__dirname, '..', '..');
const PKG = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;

/** The parts of package.json these helpers read. */
export interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly exports: Record<string, unknown>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/** This repository's package.json. */
export function repoPackage(): PackageJson {
  return PKG;
}

/** The environment for npm and node child processes: no fund/audit noise, no llama.cpp binaries download. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** Runs a command, returning its stdout; on failure the error carries stdout and stderr. */
export function run(cmd: string, args: readonly string[], cwd: string, options: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: childEnv(), ...options }) as string;
  } catch (e) {
    const err = e as Error & { stdout?: string | Buffer; stderr?: string | Buffer };
    err.message = `${cmd} ${args.join(' ')} failed in ${cwd}\n${err.message}\n--- stdout\n${String(err.stdout ?? '')}\n--- stderr\n${String(err.stderr ?? '')}`;
    throw err;
  }
}

/** How a command run by {@link runAsync} ended. */
export interface CommandResult {
  /** Exit code (null when a signal ended it). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What {@link runAsync} reports (the name the type tests use). */
export type RunResult = CommandResult;

/** Options of {@link runAsync}. */
export interface RunAsyncOptions {
  /** Added to {@link childEnv}. */
  readonly env?: Record<string, string>;
  /** Kills the command after this long (default 5 minutes): a hung child fails its test instead of the run. */
  readonly timeoutMs?: number;
}

/**
 * Runs a command without blocking the event loop, so a server of the test process (the provider
 * emulator) can answer it. Resolves with the exit code and output whatever the code: assert on `code`.
 */
export function runAsync(cmd: string, args: readonly string[], cwd: string, options: RunAsyncOptions = {}): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[runAsync: killed after ${options.timeoutMs ?? 300_000} ms]`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Runs tasks with at most `limit` at a time (the CI machine has 2 cores), results in task order. */
export async function inPool<T>(tasks: readonly (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The files under `dir` (recursively), by path relative to it: a fixture app template for `createConsumerApp({ files })`. */
export function fixtureFiles(dir: string, into: Record<string, string> = {}, root = dir): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) fixtureFiles(path, into, root);
    else into[relative(root, path)] = readFileSync(path, 'utf8');
  }
  return into;
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    if (name === '__pycache__') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(hash, path);
    else hash.update(path.slice(REPO_ROOT.length)).update(readFileSync(path));
  }
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'CHANGELOG.md']) {
    const path = join(REPO_ROOT, file);
    if (existsSync(path)) hash.update(file).update(readFileSync(path));
  }
  hashTree(hash, join(REPO_ROOT, 'lib'));
  return hash.digest('hex').slice(0, 16);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The path of this checkout's packed tarball (`npm pack`, which runs the `prepack` build), built at
 * most once per source content. Concurrent callers wait on a lock folder.
 */
export function packedTarball(): string {
  const dir = join(tmpdir(), `chat-ts-packed-${sourcesHash()}`);
  const tarball = join(dir, `${PKG.name}-${PKG.version}.tgz`);
  if (existsSync(tarball)) return tarball;
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(tarball)) return tarball;
      // A lock older than 5 minutes belongs to a process that died.
      if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      sleepSync(500);
    }
  }
  try {
    if (!existsSync(tarball)) {
      const staging = mkdtempSync(join(dir, 'staging-'));
      const out = run('npm', ['pack', '--silent', '--pack-destination', staging], REPO_ROOT).trim().split('\n');
      execFileSync('mv', [join(staging, out[out.length - 1]), tarball]);
      rmSync(staging, { recursive: true, force: true });
    }
    return tarball;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** What a consumer app is made of. */
export interface ConsumerAppOptions {
  /** Folder name prefix, for readable temp paths. */
  readonly name?: string;
  /** package.json dependencies; `chat-ts` defaults to the packed tarball. */
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  /** Extra package.json fields (`type`, `scripts`, ...). */
  readonly packageJson?: Record<string, unknown>;
  /** Files to write, by path relative to the app folder. */
  readonly files?: Record<string, string>;
  /** Run `npm install` (default true). */
  readonly install?: boolean;
  /** Extra `npm install` flags, e.g. `--omit=dev` or `--ignore-scripts`. */
  readonly installFlags?: readonly string[];
  /**
   * Installs nothing: `node_modules` is a link to this app's (one install serving several apps, e.g.
   * an ESM app and a monorepo next to a Nest app with the same dependencies).
   */
  readonly nodeModulesOf?: ConsumerApp;
}

/** A throwaway app folder with the packed package installed. */
export interface ConsumerApp {
  readonly dir: string;
  /** Runs a command in the app folder (stdout returned, throws with stdout/stderr on failure). */
  run(cmd: string, args: readonly string[], options?: ExecFileSyncOptions): string;
  /** Runs a command in the app folder without blocking the event loop ({@link runAsync}). */
  runAsync(cmd: string, args: readonly string[], options?: RunAsyncOptions): Promise<CommandResult>;
  /** The path of an installed binary (`node_modules/.bin/<name>`). */
  bin(name: string): string;
  /** Writes a file relative to the app folder. */
  write(path: string, content: string): void;
  read(path: string): string;
  remove(): void;
}

/** The version range this repo tests a dependency with (its devDependencies, else dependencies). */
export function testedVersion(name: string): string {
  const range = PKG.devDependencies[name] ?? PKG.dependencies?.[name];
  if (!range) throw new Error(`${name} is not a dependency of this repository: add it to devDependencies`);
  return range;
}

/** Creates a consumer app in a temp folder and installs it with npm (cache first, registry as fallback). */
export function createConsumerApp(options: ConsumerAppOptions = {}): ConsumerApp {
  const dir = mkdtempSync(join(tmpdir(), `chat-ts-${options.name ?? 'app'}-`));
  const app: ConsumerApp = {
    dir,
    run: (cmd, args, opts) => run(cmd, args, dir, opts),
    runAsync: (cmd, args, opts) => runAsync(cmd, args, dir, opts),
    bin: (name) => join(dir, 'node_modules', '.bin', name),
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  const dependencies = { [PKG.name]: `file:${packedTarball()}`, ...options.dependencies };
  app.write(
    'package.json',
    JSON.stringify(
      { name: options.name ?? 'consumer-app', version: '1.0.0', private: true, ...options.packageJson, dependencies, devDependencies: options.devDependencies ?? {} },
      null,
      2,
    ),
  );
  for (const [path, content] of Object.entries(options.files ?? {})) app.write(path, content);
  if (options.nodeModulesOf) symlinkSync(join(options.nodeModulesOf.dir, 'node_modules'), join(dir, 'node_modules'), 'dir');
  else if (options.install !== false) app.run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...(options.installFlags ?? [])]);
  return app;
}
