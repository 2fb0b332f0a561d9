import type { Message } from '../core/message.types';
import { ChatError, type ChatErrorOptions } from './chat.error';

/** The tool loop reached `maxSteps` without a final answer. The conversation so far is kept. */
export class MaxStepsExceededError extends ChatError {
  readonly maxSteps: number;
  /** The messages the run produced before stopping (also appended to the conversation). */
  readonly messages: readonly Message[];

  constructor(maxSteps: number, messages: readonly Message[], options: ChatErrorOptions = {}) {
    super(`The tool loop reached maxSteps (${maxSteps}) without a final answer`, options);
    this.maxSteps = maxSteps;
    this.messages = messages;
  }
}
