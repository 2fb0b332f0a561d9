import { spawn, type ChildProcess } from 'node:child_process';
import { parseHostMessage, type HostMessage, type HostRequest } from './host-protocol.types';
import { LineSplitter } from './line.splitter';

/** How a host process ended. `spawnError` is set when it never started (e.g. ENOENT). */
export interface HostExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly spawnError?: NodeJS.ErrnoException;
  readonly stderrTail: string;
}

/** What to run. */
export interface HostCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Callbacks of one host process. */
export interface HostProcessListener {
  message(message: HostMessage): void;
  /** A line on the host's own stderr (C extensions, subprocesses, interpreter errors). */
  stderr(line: string): void;
  /** A protocol line that is not a host message. */
  noise(line: string): void;
}

const TAIL_LINES = 20;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Hosts also exit when their stdin closes; this covers a Node process that exits with hosts still up.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

type Unreffable = { ref?(): void; unref?(): void };

/**
 * One Python host OS process: line-framed JSON over its stdin/stdout, stderr kept as a tail.
 * Its stdio is unreferenced while idle so a forgotten tool set does not keep Node alive.
 */
export class PythonHostProcess {
  /** Resolves once, when the process has ended (or failed to start). */
  readonly exited: Promise<HostExit>;
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private ended = false;

  constructor(command: HostCommand, listener: HostProcessListener) {
    installExitHook();
    this.child = spawn(command.command, [...command.args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...command.env, PYTHONIOENCODING: 'utf-8', PYTHONUNBUFFERED: '1' },
      windowsHide: true,
    });
    live.add(this.child);
    const protocol = new LineSplitter((line) => {
      if (!line.trim()) return;
      const message = parseHostMessage(line);
      if (message) listener.message(message);
      else listener.noise(line);
    });
    const stderr = new LineSplitter((line) => {
      this.tail.push(line);
      if (this.tail.length > TAIL_LINES) this.tail.shift();
      listener.stderr(line);
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => protocol.push(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    this.child.stdin?.on('error', () => undefined); // EPIPE after the host died: the exit handler reports it
    this.exited = new Promise<HostExit>((resolve) => {
      let spawnError: NodeJS.ErrnoException | undefined;
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        spawnError = error;
        if (this.child.pid === undefined) this.finish(resolve, { code: null, signal: null, spawnError });
      });
      this.child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        protocol.end();
        stderr.end();
        this.finish(resolve, { code, signal, spawnError });
      });
    });
  }

  private finish(resolve: (exit: HostExit) => void, exit: Omit<HostExit, 'stderrTail'>): void {
    if (this.ended) return;
    this.ended = true;
    live.delete(this.child);
    resolve({ ...exit, stderrTail: this.tail.join('\n') });
  }

  /** OS process id (undefined if it never started). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.ended;
  }

  send(request: HostRequest): void {
    if (this.ended || !this.child.stdin?.writable) return;
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
  }

  /** Closes the host's stdin: the host exits at once (it does not wait for running tools). */
  close(): void {
    this.child.stdin?.end();
  }

  kill(): void {
    if (!this.ended) this.child.kill('SIGKILL');
  }

  /** Keeps Node alive (true) while calls are in flight, or lets it exit (false) while idle. */
  hold(keepAlive: boolean): void {
    const handles: Unreffable[] = [this.child, this.child.stdin, this.child.stdout, this.child.stderr].filter(
      (h): h is NonNullable<typeof h> => h !== null && h !== undefined,
    ) as Unreffable[];
    for (const handle of handles) {
      if (keepAlive) handle.ref?.();
      else handle.unref?.();
    }
  }
}
