import type { JsonObject, JsonValue } from '../core/json.types';
import type { TraceHeaders } from '../core/trace-context.registry';
import { AbortedError } from '../errors/aborted.error';
import { PythonHostCrashedError } from '../errors/python-host-crashed.error';
import { PythonToolError } from '../errors/python-tool.error';
import { TimeoutError } from '../errors/timeout.error';
import { errorFromHostProblems } from './host-problem.mapper';
import type { HostMessage, HostResultMessage } from './host-protocol.types';
import type { PythonHostProcess, HostExit, HostProcessListener } from './python-host.process';
import { startHost, type HostLaunch, type StartedHost } from './python-host.starter';
import type { PythonOutputLogger, PythonToolOutput } from './python-tools.options';

/** How one call is made. */
export interface PythonCallOptions {
  /** `ToolContext.callId`, reported with the tool's output. */
  readonly callId?: string;
  /** Aborting fails the call at once and cancels it in Python when possible. */
  readonly signal?: AbortSignal;
  /** 0 for no timeout. */
  readonly timeoutMs: number;
  /** The W3C trace context of the tool's span, handed to the Python tool (`chat_ts.trace_context()`). */
  readonly trace?: TraceHeaders;
}

/** What a Python tool definition needs from the host. */
export interface PythonToolCaller {
  call(toolName: string, args: JsonObject, options: PythonCallOptions): Promise<JsonValue>;
}

interface PendingCall {
  readonly toolName: string;
  readonly callId?: string;
  readonly process: PythonHostProcess;
  readonly resolve: (value: JsonValue) => void;
  readonly reject: (error: Error) => void;
  readonly cleanup: () => void;
}

const KILL_GRACE_MS = 2000;

function toolError(toolName: string, result: Extract<HostResultMessage, { ok: false }>): PythonToolError {
  const { error } = result;
  return new PythonToolError(`${error.type}: ${error.message}`, {
    toolName,
    exceptionType: error.type,
    exceptionModule: error.module,
    exceptionMessage: error.message,
    pythonTraceback: error.traceback,
  });
}

/**
 * Supervises the host of one tool collection: starts it, routes results and output, fails in-flight
 * calls when it dies and starts a new one on the next call, and stops it on `dispose()`.
 */
export class PythonHost implements PythonToolCaller {
  private current?: StartedHost;
  private starting?: Promise<StartedHost>;
  private readonly processes = new Set<PythonHostProcess>();
  private readonly pending = new Map<string, PendingCall>();
  private nextId = 0;
  private disposal?: Promise<void>;
  private readonly listener: HostProcessListener = {
    message: (message) => this.route(message),
    stderr: (text) => this.log({ stream: 'stderr', text }),
    noise: (text) => this.log({ stream: 'stdout', text }),
  };

  constructor(
    private readonly launch: HostLaunch,
    private readonly logger: PythonOutputLogger,
  ) {}

  /** OS pid of the running host, if one is running. */
  get pid(): number | undefined {
    return this.current?.process.running ? this.current.process.pid : undefined;
  }

  /** Starts the host if none is running; resolves after discovery. Throws discovery problems as typed errors. */
  start(): Promise<StartedHost> {
    if (this.disposal) return Promise.reject(this.disposedError());
    if (this.current?.process.running) return Promise.resolve(this.current);
    this.starting ??= startHost(this.launch, this.listener, (process) => this.track(process)).then(
      (started) => {
        this.starting = undefined;
        if (this.disposal) throw this.disposedError();
        if (started.ready.problems.length > 0) {
          started.process.close();
          throw errorFromHostProblems(started.ready.problems);
        }
        this.current = started;
        void started.process.exited.then((exit) => this.onExit(started.process, exit));
        this.updateHold();
        return started;
      },
      (error: unknown) => {
        this.starting = undefined;
        throw this.disposal ? this.disposedError() : error;
      },
    );
    return this.starting;
  }

  async call(toolName: string, args: JsonObject, options: PythonCallOptions): Promise<JsonValue> {
    const { signal } = options;
    if (signal?.aborted) throw this.abortedError(toolName);
    const started = await this.startUnlessAborted(toolName, signal);
    if (this.disposal) throw this.disposedError();
    if (signal?.aborted) throw this.abortedError(toolName);
    const id = String(++this.nextId);
    return new Promise<JsonValue>((resolve, reject) => {
      const onAbort = (): void => this.fail(id, this.abortedError(toolName), true);
      let cancelTimer = (): void => undefined;
      this.pending.set(id, {
        toolName,
        callId: options.callId,
        process: started.process,
        resolve,
        reject,
        cleanup: () => {
          cancelTimer();
          signal?.removeEventListener('abort', onAbort);
        },
      });
      if (options.timeoutMs > 0) {
        const timeout = new TimeoutError(`Python tool ${toolName} timed out after ${options.timeoutMs} ms`, { kind: 'request' });
        cancelTimer = this.launch.clock.setTimer(() => this.fail(id, timeout, true), options.timeoutMs);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      started.process.send({ type: 'call', id, tool: toolName, arguments: args, ...(options.trace ? { trace: options.trace } : {}) });
      this.updateHold();
    });
  }

  /** Fails waiting calls, closes the host's stdin, and kills it if it has not exited after a grace period. */
  dispose(): Promise<void> {
    this.disposal ??= (async () => {
      for (const id of [...this.pending.keys()]) this.fail(id, this.disposedError(), false);
      await Promise.all([...this.processes].map((process) => this.stop(process)));
    })();
    return this.disposal;
  }

  private async stop(process: PythonHostProcess): Promise<void> {
    process.close();
    const cancelKill = this.launch.clock.setTimer(() => process.kill(), KILL_GRACE_MS);
    await process.exited;
    cancelKill();
  }

  private track(process: PythonHostProcess): void {
    this.processes.add(process);
    void process.exited.then(() => this.processes.delete(process));
  }

  private startUnlessAborted(toolName: string, signal?: AbortSignal): Promise<StartedHost> {
    if (!signal) return this.start();
    return new Promise<StartedHost>((resolve, reject) => {
      const onAbort = (): void => reject(this.abortedError(toolName));
      signal.addEventListener('abort', onAbort, { once: true });
      this.start()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private route(message: HostMessage): void {
    if (message.type === 'result') {
      const call = this.pending.get(message.id);
      if (!call) return; // timed out, aborted or cancelled: the late result is dropped
      this.pending.delete(message.id);
      call.cleanup();
      if (message.ok) call.resolve(message.value);
      else call.reject(toolError(call.toolName, message));
      this.updateHold();
    } else if (message.type === 'output') {
      const call = message.id === null ? undefined : this.pending.get(message.id);
      this.log({ stream: message.stream, text: message.text, toolName: call?.toolName, callId: call?.callId });
    } else if (message.type === 'protocol-error') {
      this.log({ stream: 'stderr', text: `chat-ts host: ${message.message}` });
    }
  }

  private onExit(process: PythonHostProcess, exit: HostExit): void {
    if (this.current?.process === process) this.current = undefined;
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    for (const [id, call] of this.pending) {
      if (call.process !== process) continue;
      const error = this.disposal
        ? this.disposedError()
        : new PythonHostCrashedError(
            `The Python tool host ${how} while ${call.toolName} was running; the next call starts a new host${exit.stderrTail ? `:\n${exit.stderrTail}` : ''}`,
            { exitCode: exit.code, signal: exit.signal, stderrTail: exit.stderrTail },
          );
      this.fail(id, error, false);
    }
  }

  private fail(id: string, error: Error, cancelInHost: boolean): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    call.cleanup();
    if (cancelInHost) call.process.send({ type: 'cancel', id });
    call.reject(error);
    this.updateHold();
  }

  private updateHold(): void {
    this.current?.process.hold(this.pending.size > 0);
  }

  private log(output: PythonToolOutput): void {
    try {
      this.logger(output);
    } catch {
      // a failing logger must not break tool calls
    }
  }

  private abortedError(toolName: string): AbortedError {
    return new AbortedError(`Python tool ${toolName} was aborted`);
  }

  private disposedError(): AbortedError {
    return new AbortedError('The Python tool set was disposed');
  }
}
