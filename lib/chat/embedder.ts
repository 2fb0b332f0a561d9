import type { EmbedOptions, EmbeddingRequest, EmbeddingResponse } from '../core/embedding.types';
import { EmbeddingBatchError } from '../errors/embedding-batch.error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { InvalidResponseError } from '../errors/invalid-response.error';
import { abortError, linkedController } from './abort.helpers';
import { mapConcurrent } from './bounded-concurrency';
import { planEmbeddingBatches } from './embedding-batches';
import type { EmbeddingCaller } from './model-caller';
import { toChatError } from './step.consumer';

/** Default texts per embedding request when the provider does not say. */
export const DEFAULT_EMBEDDING_BATCH_SIZE = 96;
/** Default embedding requests in flight at once. */
export const DEFAULT_EMBEDDING_CONCURRENCY = 4;

/** Options of `chat.embed()`. */
export interface EmbedCallOptions extends EmbedOptions {
  /** Embedding model, when the provider has several. */
  readonly model?: string;
  /** Texts per request (default: the provider's `embeddingBatchSize`, else 96). */
  readonly batchSize?: number;
  /** Estimated tokens per request (default: the provider's `embeddingBatchTokens`, else no cap). */
  readonly batchTokens?: number;
  /** Requests in flight at once (default: the chat's, else 4). */
  readonly concurrency?: number;
}

/** What the embedder needs to know about the provider. */
export interface EmbeddingTarget {
  readonly id: string;
  readonly embeddingBatchSize?: number;
  readonly embeddingBatchTokens?: number;
}

/**
 * Embeds any number of texts: batches within the provider's limits (texts and estimated tokens per
 * request), sent with bounded concurrency, vectors back in input order, usage summed. A failed batch
 * aborts the others and is an `EmbeddingBatchError` naming the inputs it held; no input, or an input
 * that is not a non-empty string, is an `InvalidRequestError` before anything is sent.
 */
export async function embedInBatches(caller: EmbeddingCaller, provider: EmbeddingTarget, texts: readonly string[], options: EmbedCallOptions, concurrency: number): Promise<EmbeddingResponse> {
  checkTexts(texts, provider.id);
  const size = Math.max(1, Math.floor(options.batchSize ?? provider.embeddingBatchSize ?? DEFAULT_EMBEDDING_BATCH_SIZE));
  const tokens = options.batchTokens ?? provider.embeddingBatchTokens;
  const batches = planEmbeddingBatches(texts, size, tokens === undefined ? undefined : Math.max(1, tokens));
  const link = linkedController(options.signal);
  const { batchSize: _b, batchTokens: _t, concurrency: _c, signal: _s, ...requestOptions } = options;
  try {
    const responses = await mapConcurrent(batches, Math.max(1, options.concurrency ?? concurrency), async (batch, index) => {
      const indexes = batch.texts.map((_, i) => batch.start + i);
      if (link.signal.aborted) throw new EmbeddingBatchError(index, indexes, abortError(link.signal, provider.id));
      const request: EmbeddingRequest = { ...requestOptions, texts: [...batch.texts], signal: link.signal };
      try {
        const response = await caller(request, { batch: index, attempt: 1 });
        if (!response || response.vectors.length !== batch.texts.length) {
          throw new InvalidResponseError(`${provider.id} returned ${response?.vectors?.length ?? 0} vectors for ${batch.texts.length} texts`, { provider: provider.id });
        }
        return response;
      } catch (error) {
        if (options.signal?.aborted) throw abortError(options.signal, provider.id);
        link.controller.abort(error);
        throw new EmbeddingBatchError(index, indexes, toChatError(error, provider.id));
      }
    });
    const dimensions = responses[0].dimensions;
    const odd = responses.find((r) => r.dimensions !== dimensions);
    if (odd) throw new InvalidResponseError(`${provider.id} returned vectors of ${odd.dimensions} and ${dimensions} dimensions in one call`, { provider: provider.id });
    return {
      vectors: responses.flatMap((r) => r.vectors),
      dimensions,
      model: responses[0].model,
      provider: responses[0].provider,
      usage: {
        inputTokens: responses.reduce((n, r) => n + r.usage.inputTokens, 0),
        totalTokens: responses.reduce((n, r) => n + r.usage.totalTokens, 0),
      },
    };
  } finally {
    link.dispose();
  }
}

/** No input, or an input that is not a non-empty string, fails before any request. */
function checkTexts(texts: readonly string[], provider: string): void {
  if (!Array.isArray(texts) || texts.length === 0) throw new InvalidRequestError('embed() needs at least one text', { provider });
  const bad = texts.flatMap((t, i) => (typeof t === 'string' && t.length > 0 ? [] : [i]));
  if (bad.length > 0) {
    const shown = bad.length > 5 ? `${bad.slice(0, 5).join(', ')} and ${bad.length - 5} more` : bad.join(', ');
    throw new InvalidRequestError(`embed() needs non-empty strings: input ${shown} ${bad.length === 1 ? 'is' : 'are'} empty or not a string`, { provider });
  }
}
