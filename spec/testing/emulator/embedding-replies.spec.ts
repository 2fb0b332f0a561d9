import { ChatBuilder } from '../../../lib/chat';
import type { ChatProvider } from '../../../lib/core/provider.types';
import { EmbeddingBatchError, InvalidResponseError, NetworkError, RateLimitError, ServerError, TimeoutError, type ChatError } from '../../../lib/errors';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { OllamaBuilder } from '../../../lib/providers/ollama';
import { OpenAIBuilder } from '../../../lib/providers/openai';
import { fixedDelay } from '../../../lib/retry';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { takeScriptedReply } from '../../../lib/testing/emulator/reply.selector';

const user = (text: string) => ({ messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text }] }] });
const failure = (p: Promise<unknown>): Promise<ChatError> => p.then(() => Promise.reject(new Error('expected a failure')), (e: ChatError) => e);
const textOf = (parts: readonly { type: string; text?: string }[]) => parts.map((p) => p.text ?? '').join('');

describe('emulator: scripted replies on embedding routes', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  /** Every wire with embeddings, with a provider that embeds and chats through it. */
  const wires: [string, () => ChatProvider][] = [
    ['completions (OpenAI /v1/embeddings)', () => new OpenAIBuilder().withCustomUrl(emulator.url('/v1')).withApiKey('sk-test-00000000').withModel('gpt-5-mini').withEmbeddings('text-embedding-3-small').build()],
    ['ollama (native /api/embed)', () => new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('llama3.2').withEmbeddings('nomic-embed-text').build()],
    ['gemini (:batchEmbedContents)', () => new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('AIzaSy-test-0000').withBaseUrl(emulator.url('/v1beta')).build()],
  ];

  describe.each(wires)('%s', (_name, make) => {
    it('a plain chat reply is not eaten by an embedding request', async () => {
      const provider = make();
      emulator.script([{ text: 'Hello from the script.' }]);
      const embedded = await provider.embed({ texts: ['a', 'b'] });
      expect(Array.from(embedded.vectors[1])).toEqual(Array.from(Float32Array.from(emulatedEmbedding('b'))));
      expect(emulator.remaining()).toBe(1);
      if (provider.id === 'openai') return; // OpenAI chats on the Responses wire: covered below with a Chat Completions server
      expect(textOf((await provider.complete(user('hi'))).parts)).toBe('Hello from the script.');
    });

    it("a reply marked route: 'embeddings' answers the next embedding request with its error", async () => {
      const provider = make();
      emulator.script([{ text: 'for chat' }, { route: 'embeddings', error: { status: 429, retryAfter: 7, message: 'slow down' } }]);
      const error = await failure(provider.embed({ texts: ['a'] }));
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterSeconds).toBe(7);
      expect(error.providerMessage).toContain('slow down');
      expect(emulator.remaining()).toBe(1);
      expect((await provider.embed({ texts: ['a'] })).vectors).toHaveLength(1);
    });

    it('faults apply to embedding requests: reset, HTML 502, truncated and empty bodies', async () => {
      const provider = make();
      emulator.script([{ fault: 'reset-before' }, { fault: 'html-502' }, { fault: 'truncate' }, { fault: 'empty' }]);
      expect(await failure(provider.embed({ texts: ['a'] }))).toBeInstanceOf(NetworkError);
      const proxy = await failure(provider.embed({ texts: ['a'] }));
      expect(proxy).toBeInstanceOf(ServerError);
      expect(proxy.status).toBe(502);
      expect(await failure(provider.embed({ texts: ['a'] }))).toBeInstanceOf(InvalidResponseError);
      expect(await failure(provider.embed({ texts: ['a'] }))).toBeInstanceOf(InvalidResponseError);
      expect(emulator.remaining()).toBe(0);
    });
  });

  it('an unmarked error reply answers whichever request comes next; route: chat keeps it for chat', async () => {
    const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').withEmbeddings('e').build();
    emulator.script([{ error: { status: 503 } }, { route: 'chat', error: { status: 500 } }, { text: 'after' }]);
    expect((await failure(provider.embed({ texts: ['x'] }))).status).toBe(503);
    expect((await provider.embed({ texts: ['x'] })).vectors).toHaveLength(1); // the 500 is for chat
    expect((await failure(provider.complete(user('hi')))).status).toBe(500);
    expect(textOf((await provider.complete(user('hi'))).parts)).toBe('after');
  });

  it('delays and stalls apply: a stalled embedding request ends with the request timeout', async () => {
    const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').withEmbeddings('e').build();
    emulator.script([{ route: 'embeddings', fault: 'stall-before' }]);
    expect(await failure(provider.embed({ texts: ['x'], timeout: 50 }))).toBeInstanceOf(TimeoutError);
  });

  it('through chat.embed(): each batch is one request, retried alone; a batch out of retries names its inputs', async () => {
    const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').withEmbeddings('e', { batchSize: 2 }).build();
    const texts = ['a', 'b', 'c', 'd', 'e'];
    emulator.script([{ route: 'embeddings', error: { status: 429 } }]);
    const chat = new ChatBuilder().withModel(provider).withEmbeddingConcurrency(1).withRetry(fixedDelay(0, 2)).build();
    const result = await chat.embed(texts);
    expect(result.vectors.map((v) => Array.from(v))).toEqual(texts.map((t) => Array.from(Float32Array.from(emulatedEmbedding(t)))));
    expect(emulator.requests().map((r) => (r.body as { input: string[] }).input)).toEqual([['a', 'b'], ['a', 'b'], ['c', 'd'], ['e']]);

    emulator.reset();
    emulator.script([{ route: 'embeddings', fault: 'html-502' }, { route: 'embeddings', error: { status: 500 } }, { route: 'embeddings', error: { status: 503 } }]);
    const error = (await failure(chat.embed(texts))) as EmbeddingBatchError;
    expect(error).toBeInstanceOf(EmbeddingBatchError);
    expect(error.inputIndexes).toEqual([0, 1]);
    expect(error.status).toBe(500);
    expect(emulator.requests()).toHaveLength(2);
  });

  it('takeScriptedReply: per wire, per route, order kept', () => {
    const replies = [{ wire: 'claude', error: { status: 500 } }, { text: 'chat' }, { route: 'embeddings' as const, delayMs: 1 }, { fault: 'empty' as const }];
    expect(takeScriptedReply(replies, 'gemini', 'embeddings')).toEqual({ route: 'embeddings', delayMs: 1 });
    expect(takeScriptedReply(replies, 'gemini', 'embeddings')).toBeUndefined(); // the next unmarked one is a chat reply
    expect(takeScriptedReply(replies, 'gemini', 'chat')).toEqual({ text: 'chat' });
    expect(takeScriptedReply(replies, 'gemini', 'embeddings')).toEqual({ fault: 'empty' });
    expect(takeScriptedReply(replies, 'claude', 'embeddings')).toEqual({ wire: 'claude', error: { status: 500 } });
    expect(replies).toEqual([]);
  });
});
