import type { ChatError } from './chat.error';
import type { ProviderRequest, ProviderResponse, RequestOptions } from './provider.types';

/** One request of a batch, with the id that maps its result back. */
export interface BatchItem {
  readonly customId: string;
  readonly request: ProviderRequest;
}

/** Where a batch is: still running, being cancelled, or done (results ready). */
export type BatchStatus = 'in_progress' | 'canceling' | 'ended';

/** How many requests of a batch are in each state. */
export interface BatchCounts {
  readonly processing: number;
  readonly succeeded: number;
  readonly errored: number;
  readonly canceled: number;
  readonly expired: number;
}

/** A batch as the provider reports it. */
export interface BatchJob {
  readonly id: string;
  readonly status: BatchStatus;
  readonly counts: BatchCounts;
}

/** The outcome of one batch request, by its `customId`. */
export type BatchItemOutcome =
  | { readonly customId: string; readonly kind: 'succeeded'; readonly response: ProviderResponse }
  | { readonly customId: string; readonly kind: 'errored'; readonly error: ChatError }
  | { readonly customId: string; readonly kind: 'canceled' | 'expired' };

/** A provider's batch API (asynchronous, discounted processing of many requests). */
export interface ProviderBatches {
  submit(items: readonly BatchItem[], options?: RequestOptions): Promise<BatchJob>;
  get(id: string, options?: RequestOptions): Promise<BatchJob>;
  cancel(id: string, options?: RequestOptions): Promise<BatchJob>;
  /** The outcomes of an ended batch, in any order. */
  results(id: string, options?: RequestOptions): Promise<BatchItemOutcome[]>;
}
