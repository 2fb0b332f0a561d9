import type { Message } from '../../lib/core/message.types';
import type { ChatProvider, ProviderRequest } from '../../lib/core/provider.types';
import { cosineSimilarity } from '../../lib/router/strategies/embedding.strategy';
import { CapabilityStrategy, EmbeddingStrategy, KeywordStrategy, RouterBuilder, type RoutedProvider, type RoutingRequest } from '../../lib/router';
import type { ProviderEmulator } from '../../lib/testing';
import { openAIAt, requestCounts, responsesAt, useFlakyEmulator, withCapabilities } from '../support/emulated-providers';

const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] });
const names = (providers: readonly RoutedProvider[]): string[] => providers.map((p) => p.name);
const routed = (...list: string[]): RoutedProvider[] => list.map((name) => ({ name, provider: {} as ChatProvider }));
const chatRequest = (text: string, extra: Partial<ProviderRequest> = {}): RoutingRequest => ({ kind: 'complete', request: { messages: [user(text)], ...extra }, lastUserText: text });

describe('KeywordStrategy', () => {
  const strategy = new KeywordStrategy([
    { match: ['code', 'stack trace'], provider: 'coder' },
    { match: /\bimages?\b/gi, provider: 'vision' },
    { match: ['story'], provider: 'writer' },
  ]);
  const all = routed('general', 'coder', 'vision', 'writer');

  it('puts the providers of matching rules first, in rule order, the others after as fallbacks', () => {
    expect(names(strategy.route(all, chatRequest('Review this CODE and the image please')))).toEqual(['coder', 'vision', 'general', 'writer']);
    expect(names(strategy.route(all, chatRequest('Here is a Stack  trace')))).toEqual(['general', 'coder', 'vision', 'writer']);
    expect(names(strategy.route(all, chatRequest('Here is a stack trace')))).toEqual(['coder', 'general', 'vision', 'writer']);
    expect(names(strategy.route(all, chatRequest('nothing special')))).toEqual(['general', 'coder', 'vision', 'writer']);
  });

  it('matches whole words only, and a global regular expression gives the same answer every time', () => {
    expect(names(strategy.route(all, chatRequest('which codec?')))[0]).toBe('general');
    expect(names(strategy.route(all, chatRequest('décode')))[0]).toBe('general');
    for (let i = 0; i < 3; i++) expect(names(strategy.route(all, chatRequest('an image')))[0]).toBe('vision');
  });

  it('exclusive keeps only the matching providers (all when nothing matches)', () => {
    const only = new KeywordStrategy([{ match: ['story'], provider: 'writer' }], { exclusive: true });
    expect(names(only.route(all, chatRequest('a story')))).toEqual(['writer']);
    expect(names(only.route(all, chatRequest('a poem')))).toEqual(['general', 'coder', 'vision', 'writer']);
  });
});

describe('CapabilityStrategy', () => {
  const plain = { id: 'x', model: 'm', complete: jest.fn(), stream: jest.fn(), embed: jest.fn() };
  const entry = (name: string, caps: Partial<ChatProvider['capabilities']>): RoutedProvider => ({
    name,
    provider: { ...plain, capabilities: { tools: false, structuredOutput: false, streaming: true, embeddings: false, vision: false, nativeTools: [], ...caps } },
  });
  const providers = [
    entry('small', {}),
    entry('tools', { tools: true }),
    entry('full', { tools: true, structuredOutput: true, vision: true, embeddings: true, nativeTools: ['web-search'] }),
    entry('batch', { streaming: false, tools: true }),
  ];
  const strategy = new CapabilityStrategy();

  it('keeps only providers whose capabilities fit the request', () => {
    const tool = { name: 't', description: 'd', parameters: { type: 'object' } };
    expect(names(strategy.route(providers, chatRequest('hi')))).toEqual(['small', 'tools', 'full', 'batch']);
    expect(names(strategy.route(providers, chatRequest('hi', { tools: [tool] })))).toEqual(['tools', 'full', 'batch']);
    expect(names(strategy.route(providers, { ...chatRequest('hi', { tools: [tool] }), kind: 'stream' }))).toEqual(['tools', 'full']);
    expect(names(strategy.route(providers, chatRequest('hi', { responseFormat: { name: 'X', schema: { type: 'object' } } })))).toEqual(['full']);
    expect(names(strategy.route(providers, chatRequest('hi', { nativeTools: [{ kind: 'web-search' }] })))).toEqual(['full']);
    const image: Message = { role: 'user', parts: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } }] };
    expect(names(strategy.route(providers, { kind: 'complete', request: { messages: [image] }, lastUserText: '' }))).toEqual(['full']);
    expect(names(strategy.route(providers, { kind: 'embed', embedding: { texts: ['a'] }, lastUserText: 'a' }))).toEqual(['full']);
  });
});

describe('strategies in a router, over the emulator', () => {
  let emulator: ProviderEmulator;
  const embeddings = useFlakyEmulator((e) => (emulator = e));

  it('a keyword strategy sends the request to the matching provider', async () => {
    emulator.script([{ text: 'general answer' }], 'general').script([{ text: 'code answer' }], 'coder');
    const router = new RouterBuilder()
      .addProvider(responsesAt(emulator, 'general'), { name: 'general' })
      .addProvider(responsesAt(emulator, 'coder'), { name: 'coder' })
      .withStrategy(new KeywordStrategy([{ match: ['typescript'], provider: 'coder' }]))
      .build();
    const reply = await router.complete({ messages: [user('Fix my TypeScript types')] });
    expect(reply.parts[0]).toMatchObject({ text: 'code answer' });
    expect(requestCounts(emulator, 'general', 'coder')).toEqual({ general: 0, coder: 1 });
  });

  it('the capability strategy skips a provider without tools for a request with tools', async () => {
    emulator.script([{ text: 'with tools' }], 'full');
    const router = new RouterBuilder()
      .addProvider(withCapabilities(responsesAt(emulator, 'basic'), { tools: false }), { name: 'basic' })
      .addProvider(responsesAt(emulator, 'full'), { name: 'full' })
      .withStrategy(new CapabilityStrategy())
      .build();
    const reply = await router.complete({ messages: [user('hi')], tools: [{ name: 'now', description: 'time', parameters: { type: 'object', properties: {} } }] });
    expect(reply.parts[0]).toMatchObject({ text: 'with tools' });
    expect(requestCounts(emulator, 'basic', 'full')).toEqual({ basic: 0, full: 1 });
  });

  it('a custom strategy function may reorder per request', async () => {
    emulator.script([{ text: 'second first' }], 'two');
    const router = new RouterBuilder()
      .addProvider(responsesAt(emulator, 'one'), { name: 'one' })
      .addProvider(responsesAt(emulator, 'two'), { name: 'two' })
      .withStrategy({ route: async (providers, request) => (request.lastUserText.includes('cheap') ? [...providers].reverse() : providers) })
      .build();
    expect((await router.complete({ messages: [user('something cheap')] })).parts[0]).toMatchObject({ text: 'second first' });
    expect(requestCounts(emulator, 'one', 'two')).toEqual({ one: 0, two: 1 });
  });

  describe('EmbeddingStrategy', () => {
    const coder = 'programming, code review, debugging and stack traces';
    const writer = 'poems, short stories and essays';
    const setup = (strategy: EmbeddingStrategy) =>
      new RouterBuilder()
        .addProvider(responsesAt(emulator, 'coder'), { name: 'coder', description: coder })
        .addProvider(responsesAt(emulator, 'writer'), { name: 'writer', description: writer })
        .withStrategy(strategy)
        .build();

    it('ranks providers by cosine similarity to the route descriptions, embedding the routes once', async () => {
      const strategy = new EmbeddingStrategy(openAIAt(emulator, 'embedder'), [
        { provider: 'coder', description: coder },
        { provider: 'writer', description: writer },
      ]);
      const router = setup(strategy);
      emulator.script([{ text: 'a poem' }], 'writer').script([{ text: 'a fix' }], 'coder');
      expect((await router.complete({ messages: [user(writer)] })).parts[0]).toMatchObject({ text: 'a poem' });
      expect((await router.complete({ messages: [user(coder)] })).parts[0]).toMatchObject({ text: 'a fix' });
      const batches = embeddings.batches.map((b) => b.join(' | ')).sort();
      expect(batches).toEqual([coder, `${coder} | ${writer}`, writer].sort());
      expect(requestCounts(emulator, 'coder', 'writer')).toEqual({ coder: 1, writer: 1 });
    });

    it('uses the descriptions given to addProvider when no routes are given', async () => {
      const router = setup(new EmbeddingStrategy(openAIAt(emulator, 'embedder')));
      emulator.script([{ text: 'a poem' }], 'writer');
      expect((await router.complete({ messages: [user(writer)] })).parts[0]).toMatchObject({ text: 'a poem' });
    });

    it('routes below minSimilarity are not ranked; exclusive keeps the ranked ones only', async () => {
      const strategy = new EmbeddingStrategy(openAIAt(emulator, 'embedder'), undefined, { minSimilarity: 0.999, exclusive: true });
      const all = [
        { name: 'coder', provider: {} as ChatProvider, description: coder },
        { name: 'writer', provider: {} as ChatProvider, description: writer },
      ];
      expect(names(await strategy.route(all, { kind: 'complete', lastUserText: writer }))).toEqual(['writer']);
      expect(names(await strategy.route(all, { kind: 'complete', lastUserText: 'unrelated words' }))).toEqual(['coder', 'writer']);
    });

    it('a failed route embedding is not cached: the next request embeds the routes again', async () => {
      embeddings.failures.set(writer, [400]);
      const strategy = new EmbeddingStrategy(openAIAt(emulator, 'embedder'));
      const router = setup(strategy);
      await expect(router.complete({ messages: [user('hello')] })).rejects.toMatchObject({ status: 400 });
      emulator.script([{ text: 'ok' }], 'coder').script([{ text: 'ok' }], 'writer');
      await router.complete({ messages: [user('hello')] });
      expect(embeddings.batches.filter((b) => b.includes(writer))).toHaveLength(2);
    });
  });

  it('cosineSimilarity', () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBe(1);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});
