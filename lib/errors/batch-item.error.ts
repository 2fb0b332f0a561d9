import { ChatError } from './chat.error';
import type { ChatErrorOptions } from './chat.error';

/** Why a batch request has no answer although the provider did not report an error for it. */
export type BatchItemProblem = 'canceled' | 'expired' | 'missing';

/**
 * One request of a `chat.batch()` has no answer: the batch was cancelled before it ran
 * (`canceled`), the provider's processing window ran out (`expired`), or the results did not
 * list it (`missing`). `customId` names the request.
 *
 * @example
 * for (const r of await run.results) if (!r.ok && r.error instanceof BatchItemError) console.log(r.error.code);
 */
export class BatchItemError extends ChatError {
  override readonly code: BatchItemProblem;
  readonly customId: string;

  constructor(message: string, options: ChatErrorOptions & { problem: BatchItemProblem; customId: string }) {
    super(message, { ...options, code: options.problem });
    this.code = options.problem;
    this.customId = options.customId;
  }

  protected override defaultRetryable(): boolean {
    return this.code !== 'missing';
  }
}
