import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * The Python tool host exited while calls were running (killed, crashed, `os._exit()` in a tool).
 * Those calls fail with this error; the next call starts a new host. Retryable.
 *
 * @example
 * catch (e) { if (e instanceof PythonHostCrashedError) console.error(e.exitCode, e.signal, e.stderrTail); }
 */
export class PythonHostCrashedError extends ChatError {
  /** Exit code, when the host exited by itself. */
  readonly exitCode: number | null;
  /** Signal that ended the host, e.g. `SIGKILL`. */
  readonly signal: string | null;
  /** The last lines the host wrote to its stderr. */
  readonly stderrTail: string;

  constructor(
    message: string,
    options: ChatErrorOptions & { exitCode: number | null; signal: string | null; stderrTail?: string },
  ) {
    super(message, options);
    this.exitCode = options.exitCode;
    this.signal = options.signal;
    this.stderrTail = options.stderrTail ?? '';
  }

  protected override defaultRetryable(): boolean {
    return true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), exitCode: this.exitCode, signal: this.signal };
  }
}
