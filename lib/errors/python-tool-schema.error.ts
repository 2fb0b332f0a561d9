import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * A `@tool()` function's parameters cannot be described as JSON Schema: a parameter without a type
 * hint, an unsupported hint (e.g. `tuple[int, str]`), or `*args`/`**kwargs`. Names the function.
 *
 * @example
 * catch (e) { if (e instanceof PythonToolSchemaError) console.error(`${e.functionName}(${e.parameter ?? ''})`); }
 */
export class PythonToolSchemaError extends ChatError {
  /** Qualified name of the Python function. */
  readonly functionName: string;
  /** The parameter at fault, when one is. */
  readonly parameter?: string;
  /** Absolute path of the file defining the function. */
  readonly file: string;
  /** Line of the function definition. */
  readonly line?: number;

  constructor(
    message: string,
    options: ChatErrorOptions & { functionName: string; parameter?: string; file: string; line?: number },
  ) {
    super(message, options);
    this.functionName = options.functionName;
    this.parameter = options.parameter;
    this.file = options.file;
    this.line = options.line;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), functionName: this.functionName, parameter: this.parameter, file: this.file, line: this.line };
  }
}
