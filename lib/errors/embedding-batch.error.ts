import { ChatError, type ChatErrorOptions } from './chat.error';

/** One batch of `chat.embed()` failed; says which inputs it held. The provider's error is the `cause`. */
export class EmbeddingBatchError extends ChatError {
  /** 0-based batch number. */
  readonly batch: number;
  /** Indexes (in the `texts` given to `embed()`) of the inputs this batch held. */
  readonly inputIndexes: readonly number[];

  constructor(batch: number, inputIndexes: readonly number[], cause: ChatError, options: ChatErrorOptions = {}) {
    const first = inputIndexes[0];
    const last = inputIndexes[inputIndexes.length - 1];
    super(`Embedding batch ${batch} (inputs ${first}..${last}) failed: ${cause.message}`, {
      provider: cause.provider,
      status: cause.status,
      code: cause.code,
      providerMessage: cause.providerMessage,
      retryable: cause.isRetryable,
      cause,
      ...options,
    });
    this.batch = batch;
    this.inputIndexes = inputIndexes;
  }
}
