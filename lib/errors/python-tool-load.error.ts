import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * A Python tool file could not be imported: a syntax error, or an exception raised while the module
 * ran. `file` and `line` point at the failing line; `pythonTraceback` has the full Python traceback.
 *
 * @example
 * catch (e) { if (e instanceof PythonToolLoadError) console.error(`${e.file}:${e.line} ${e.exceptionType}`); }
 */
export class PythonToolLoadError extends ChatError {
  /** `syntax`: the file does not parse; `import`: running the module raised. */
  readonly kind: 'syntax' | 'import';
  /** Absolute path of the failing file. */
  readonly file: string;
  /** 1-based line in `file`, when Python reported one. */
  readonly line?: number;
  /** Python exception class, e.g. `SyntaxError`, `ModuleNotFoundError`. */
  readonly exceptionType: string;
  /** The tool file whose import led to `file`, when they differ. */
  readonly importedFrom?: string;
  /** The Python traceback (or the syntax error report). */
  readonly pythonTraceback?: string;

  constructor(
    message: string,
    options: ChatErrorOptions & {
      kind: 'syntax' | 'import';
      file: string;
      line?: number;
      exceptionType: string;
      importedFrom?: string;
      pythonTraceback?: string;
    },
  ) {
    super(message, options);
    this.kind = options.kind;
    this.file = options.file;
    this.line = options.line;
    this.exceptionType = options.exceptionType;
    this.importedFrom = options.importedFrom;
    this.pythonTraceback = options.pythonTraceback;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), kind: this.kind, file: this.file, line: this.line, exceptionType: this.exceptionType };
  }
}
