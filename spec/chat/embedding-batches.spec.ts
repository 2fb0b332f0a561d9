import { ChatBuilder } from '../../lib/chat';
import { estimateEmbeddingTokens, planEmbeddingBatches } from '../../lib/chat/embedding-batches';
import { InvalidRequestError } from '../../lib/errors';
import { ScriptedProvider, scriptedVector } from '../support/scripted.provider';

const sizes = (batches: ReturnType<typeof planEmbeddingBatches>) => batches.map((b) => [b.start, b.texts.length]);

describe('embedding batches', () => {
  it('estimates tokens high: UTF-8 bytes / 3', () => {
    expect(estimateEmbeddingTokens('abcdefghijkl')).toBe(4); // 12 bytes; about 3 real tokens
    expect(estimateEmbeddingTokens('日本語')).toBe(3); // 9 bytes
    expect(estimateEmbeddingTokens('a')).toBe(1);
  });

  it('splits by count, keeping order', () => {
    const texts = Array.from({ length: 7 }, (_, i) => `t${i}`);
    const batches = planEmbeddingBatches(texts, 3);
    expect(sizes(batches)).toEqual([[0, 3], [3, 3], [6, 1]]);
    expect(batches.flatMap((b) => b.texts)).toEqual(texts);
  });

  it('splits by estimated tokens too; an input over the cap travels alone', () => {
    const small = 'x'.repeat(30); // 10 tokens
    const huge = 'y'.repeat(300); // 100 tokens
    const texts = [small, small, small, huge, small, small];
    expect(sizes(planEmbeddingBatches(texts, 100, 25))).toEqual([[0, 2], [2, 1], [3, 1], [4, 2]]);
    expect(sizes(planEmbeddingBatches(texts, 2, 1000))).toEqual([[0, 2], [2, 2], [4, 2]]);
  });

  it('chat.embed() honours the provider token cap and a per-call one, vectors in input order', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `${i}`.padStart(30, '-')); // 10 tokens each
    const provider = Object.assign(new ScriptedProvider([], { embedding: { batchSize: 100 } }), { embeddingBatchTokens: 40 });
    const chat = new ChatBuilder().withModel(provider).build();
    const result = await chat.embed(texts);
    expect(provider.embedRequests.map((r) => r.texts.length)).toEqual([4, 4, 4]);
    result.vectors.forEach((v, i) => expect(v).toEqual(scriptedVector(texts[i])));
    await chat.embed(texts, { batchTokens: 60 });
    expect(provider.embedRequests.slice(3).map((r) => r.texts.length)).toEqual([6, 6]);
  });

  it('rejects empty strings and non-strings before sending anything, naming them', async () => {
    const provider = new ScriptedProvider([]);
    const chat = new ChatBuilder().withModel(provider).build();
    const error = (await chat.embed(['fine', '', 'ok', 42 as unknown as string]).catch((e: unknown) => e)) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toBe('embed() needs non-empty strings: input 1, 3 are empty or not a string');
    const many = Array.from({ length: 8 }, () => '');
    await expect(chat.embed(many)).rejects.toThrow('input 0, 1, 2, 3, 4 and 3 more are empty');
    await expect(chat.embed('one text' as unknown as string[])).rejects.toThrow('at least one text');
    expect(provider.embedRequests).toHaveLength(0);
  });
});
