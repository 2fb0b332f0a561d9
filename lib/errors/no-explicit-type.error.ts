import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * The JSON Schema type of a property (or of a tool's arguments) cannot be known at run time:
 * `design:type` is missing (tsx, esbuild, SWC) or says only `Object`/`Array`, and no explicit hint
 * was given. The message says what to add, e.g. `@Field(() => Location)` or `@Field(() => [String])`.
 */
export class NoExplicitTypeError extends ChatError {
  /** Class that owns the property. */
  readonly className: string;
  /** Property path inside that class (empty for a tool's whole arguments type). */
  readonly propertyName: string;

  constructor(className: string, propertyName: string, message: string, options: ChatErrorOptions = {}) {
    super(message, options);
    this.className = className;
    this.propertyName = propertyName;
  }
}
