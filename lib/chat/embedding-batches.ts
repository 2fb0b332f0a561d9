/** One embedding request's share of the input: where it starts in `texts`, and its texts. */
export interface EmbeddingBatch {
  readonly start: number;
  readonly texts: readonly string[];
}

/**
 * A deliberately high token estimate for batching: UTF-8 bytes / 3, rounded up (English runs about
 * 4 characters per token), so that batches stay under a provider's per-request token cap.
 */
export function estimateEmbeddingTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
}

/**
 * Splits texts into consecutive batches of at most `maxTexts` texts and, when `maxTokens` is set,
 * at most that many estimated tokens (a text over the cap alone gets a batch of its own: the
 * provider decides whether one input may be that long). Input order is kept.
 *
 * @example
 * planEmbeddingBatches(['a', 'b', 'c'], 2); // [{ start: 0, texts: ['a', 'b'] }, { start: 2, texts: ['c'] }]
 */
export function planEmbeddingBatches(texts: readonly string[], maxTexts: number, maxTokens?: number): EmbeddingBatch[] {
  const batches: EmbeddingBatch[] = [];
  let start = 0;
  let current: string[] = [];
  let tokens = 0;
  texts.forEach((text, index) => {
    const cost = maxTokens === undefined ? 0 : estimateEmbeddingTokens(text);
    if (current.length > 0 && (current.length >= maxTexts || (maxTokens !== undefined && tokens + cost > maxTokens))) {
      batches.push({ start, texts: current });
      start = index;
      current = [];
      tokens = 0;
    }
    current.push(text);
    tokens += cost;
  });
  if (current.length > 0) batches.push({ start, texts: current });
  return batches;
}
