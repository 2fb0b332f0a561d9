import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * A Python tool raised an exception (or returned a value `json.dumps` cannot encode). The message is
 * `<ExceptionType>: <message>`, which is what the model sees; the traceback stays with the caller.
 *
 * @example
 * catch (e) { if (e instanceof PythonToolError) logger.debug(e.pythonTraceback); }
 */
export class PythonToolError extends ChatError {
  /** The tool that failed. */
  readonly toolName: string;
  /** Python exception class name, e.g. `ValueError`. */
  readonly exceptionType: string;
  /** Module of the exception class (`builtins` for built-in exceptions). */
  readonly exceptionModule?: string;
  /** The exception's own message (`str(exc)`). */
  readonly exceptionMessage: string;
  /** The Python traceback, without the host's frames. */
  readonly pythonTraceback?: string;

  constructor(
    message: string,
    options: ChatErrorOptions & {
      toolName: string;
      exceptionType: string;
      exceptionModule?: string;
      exceptionMessage: string;
      pythonTraceback?: string;
    },
  ) {
    super(message, options);
    this.toolName = options.toolName;
    this.exceptionType = options.exceptionType;
    this.exceptionModule = options.exceptionModule;
    this.exceptionMessage = options.exceptionMessage;
    this.pythonTraceback = options.pythonTraceback;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), toolName: this.toolName, exceptionType: this.exceptionType, exceptionMessage: this.exceptionMessage };
  }
}
