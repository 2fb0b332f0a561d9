import { ChatError, type ChatErrorOptions } from './chat.error';

/** Where the Python interpreter name came from. */
export type PythonInterpreterSource = 'option' | 'CHAT_TS_PYTHON' | 'PATH';

/**
 * No usable Python interpreter: it was not found, could not start the chat-ts host, or is older than
 * 3.9. The message names what was looked for and where that name came from.
 *
 * @example
 * try { await loadPythonTools('tools/'); }
 * catch (e) { if (e instanceof PythonInterpreterError) console.error(`install Python 3.9+ or set CHAT_TS_PYTHON (${e.interpreter})`); }
 */
export class PythonInterpreterError extends ChatError {
  /** The command that was run, e.g. `python3`. */
  readonly interpreter: string;
  /** Where `interpreter` came from. */
  readonly source: PythonInterpreterSource;
  /** The version found, when the interpreter ran but is too old. */
  readonly version?: string;

  constructor(
    message: string,
    options: ChatErrorOptions & { interpreter: string; source: PythonInterpreterSource; version?: string },
  ) {
    super(message, options);
    this.interpreter = options.interpreter;
    this.source = options.source;
    this.version = options.version;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), interpreter: this.interpreter, source: this.source, version: this.version };
  }
}
