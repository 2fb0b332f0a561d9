import type { ValidationError } from 'class-validator';
import { ChatError, type ChatErrorOptions } from './chat.error';

/** Structured output stayed invalid after every repair attempt. */
export class OutputValidationError extends ChatError {
  /** The model's last raw reply. */
  readonly rawText: string;
  /** class-validator's error tree (empty when the text was not JSON). */
  readonly errors: readonly ValidationError[];
  readonly attempts: number;

  constructor(
    message: string,
    rawText: string,
    errors: readonly ValidationError[],
    attempts: number,
    options: ChatErrorOptions = {},
  ) {
    super(message, options);
    this.rawText = rawText;
    this.errors = errors;
    this.attempts = attempts;
  }
}
