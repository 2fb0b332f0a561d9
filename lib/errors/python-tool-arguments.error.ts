import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * Arguments given to a Python tool do not match its parameter schema; nothing was sent to Python.
 * `violations` lists each problem with its path (e.g. `route.start.x`).
 */
export class PythonToolArgumentsError extends ChatError {
  /** The tool whose schema rejected the arguments. */
  readonly toolName: string;
  /** One entry per problem: where and what. */
  readonly violations: readonly { readonly path: string; readonly message: string }[];

  constructor(
    message: string,
    options: ChatErrorOptions & { toolName: string; violations: readonly { readonly path: string; readonly message: string }[] },
  ) {
    super(message, { ...options, details: options.details ?? options.violations.map((v) => ({ path: v.path, message: v.message })) });
    this.toolName = options.toolName;
    this.violations = options.violations;
  }
}
