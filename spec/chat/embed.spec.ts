import { ChatBuilder } from '../../lib/chat';
import { AbortedError, EmbeddingBatchError, InvalidRequestError, RateLimitError } from '../../lib/errors';
import { fixedDelay } from '../../lib/retry';
import { ScriptedProvider, scriptedVector } from '../support/scripted.provider';

const texts = Array.from({ length: 250 }, (_, i) => `text number ${i}`);

describe('chat.embed', () => {
  it('splits into batches of the provider size and returns vectors in input order with usage summed', async () => {
    const provider = new ScriptedProvider([], { embedding: { batchSize: 100, delayMs: 3 } });
    const chat = new ChatBuilder().withModel(provider).build();
    const result = await chat.embed(texts);
    expect(provider.embedRequests.map((r) => r.texts.length)).toEqual([100, 100, 50]);
    expect(result.vectors).toHaveLength(250);
    result.vectors.forEach((v, i) => expect(v).toEqual(scriptedVector(texts[i])));
    expect(result.dimensions).toBe(3);
    expect(result.model).toBe('scripted-embed');
    expect(result.usage.inputTokens).toBe(texts.reduce((n, t) => n + t.length, 0));
  });

  it('defaults to batches of 96 and at most 4 in flight; both are configurable', async () => {
    const provider = new ScriptedProvider([], { embedding: { delayMs: 5 } });
    await new ChatBuilder().withModel(provider).build().embed(Array.from({ length: 96 * 6 }, (_, i) => `t${i}`));
    expect(provider.embedRequests).toHaveLength(6);
    expect(provider.embedRequests.every((r) => r.texts.length === 96)).toBe(true);
    expect(provider.maxEmbeddingsInFlight).toBe(4);

    const narrow = new ScriptedProvider([], { embedding: { delayMs: 5 } });
    await new ChatBuilder().withModel(narrow).withEmbeddingConcurrency(2).build().embed(texts, { batchSize: 10 });
    expect(narrow.embedRequests).toHaveLength(25);
    expect(narrow.maxEmbeddingsInFlight).toBe(2);
  });

  it('passes embedding options to each batch', async () => {
    const provider = new ScriptedProvider([], { embedding: { batchSize: 2 } });
    const result = await new ChatBuilder().withModel(provider).build().embed(['a', 'b', 'c'], { dimensions: 5, taskType: 'retrieval-query' });
    expect(result.dimensions).toBe(5);
    expect(provider.embedRequests.map((r) => [r.dimensions, r.taskType])).toEqual([[5, 'retrieval-query'], [5, 'retrieval-query']]);
  });

  it('a failed batch is a typed error naming the inputs it held', async () => {
    const provider = new ScriptedProvider([], {
      embedding: { batchSize: 100, failOn: (batch) => (batch.includes('text number 150') ? new RateLimitError('slow down', { provider: 'scripted', status: 429 }) : undefined) },
    });
    const error = (await new ChatBuilder().withModel(provider).withRetry(false).build().embed(texts).catch((e: unknown) => e)) as EmbeddingBatchError;
    expect(error).toBeInstanceOf(EmbeddingBatchError);
    expect(error.batch).toBe(1);
    expect(error.inputIndexes).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    expect(error.message).toContain('inputs 100..199');
    expect(error.status).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(RateLimitError);
  });

  it('empty input is a clear error', async () => {
    const chat = new ChatBuilder().withModel(new ScriptedProvider([])).build();
    await expect(chat.embed([])).rejects.toThrow(InvalidRequestError);
    await expect(chat.embed([])).rejects.toThrow('at least one text');
  });

  it('retries a failed batch alone under a retry policy', async () => {
    let failures = 1;
    const provider = new ScriptedProvider([], {
      embedding: { batchSize: 2, failOn: (batch) => (batch.includes('c') && failures-- > 0 ? new RateLimitError('again', { provider: 'scripted', status: 429 }) : undefined) },
    });
    const result = await new ChatBuilder().withModel(provider).withRetry(fixedDelay(0, 3)).build().embed(['a', 'b', 'c', 'd']);
    expect(result.vectors).toHaveLength(4);
    expect(provider.embedRequests.map((r) => r.texts.join())).toEqual(['a,b', 'c,d', 'c,d']);
  });

  it("the caller's signal aborts the batches in flight with AbortedError", async () => {
    const provider = new ScriptedProvider([], { embedding: { batchSize: 1, delayMs: 50 } });
    const controller = new AbortController();
    const done = new ChatBuilder().withModel(provider).build().embed(['a', 'b', 'c'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(done).rejects.toBeInstanceOf(AbortedError);
    expect(provider.embedRequests.every((r) => r.signal?.aborted)).toBe(true);
  });
});
