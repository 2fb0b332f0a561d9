import type { ProviderRequest } from '../../../lib/core/provider.types';
import { ConfigurationError } from '../../../lib/errors';
import { OpenRouterBuilder } from '../../../lib/providers/presets';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { collect } from '../../support/responses-helpers';

const KEY = 'sk-or-v1-0123456789abcdef';
const ask = (options?: ProviderRequest['options'], providerOptions?: ProviderRequest['providerOptions']): ProviderRequest => ({
  messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
  ...(options ? { options } : {}),
  ...(providerOptions ? { providerOptions } : {}),
});

describe('OpenRouterBuilder (the openrouter preset with its own options as typed methods)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const builder = () => new OpenRouterBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(KEY).withModel('anthropic/claude-sonnet-4');

  it('sends provider routing, fallback models, reasoning and usage accounting in every body, whole and streamed, and the attribution headers', async () => {
    const provider = builder()
      .withProviderRouting({ order: ['anthropic', 'amazon-bedrock'], allowFallbacks: false, requireParameters: true, dataCollection: 'deny', ignore: ['azure'], sort: 'throughput' })
      .withFallbackModels('openai/gpt-4o', 'google/gemini-2.5-pro')
      .withReasoning({ maxTokens: 2000, exclude: false })
      .withUsageAccounting()
      .withAppAttribution({ url: 'https://app.example', title: 'Example App' })
      .build();
    await provider.complete(ask());
    await collect(provider.stream(ask()));
    for (const request of emulator.requests()) {
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.body).toMatchObject({
        model: 'anthropic/claude-sonnet-4',
        provider: { order: ['anthropic', 'amazon-bedrock'], allow_fallbacks: false, require_parameters: true, data_collection: 'deny', ignore: ['azure'], sort: 'throughput' },
        models: ['openai/gpt-4o', 'google/gemini-2.5-pro'],
        reasoning: { max_tokens: 2000, exclude: false },
        usage: { include: true },
      });
      expect(request.body).not.toHaveProperty('provider.only');
      expect(request.headers).toMatchObject({ 'http-referer': 'https://app.example', 'x-title': 'Example App', authorization: `Bearer ${KEY}` });
    }
    expect(emulator.requests()).toHaveLength(2);
  });

  it("a call's reasoning effort travels in OpenRouter's reasoning object (not reasoning_effort) and replaces the builder's budget; providerOptions win", async () => {
    await builder().withReasoning({ maxTokens: 1000, exclude: true }).build().complete(ask({ reasoning: { effort: 'high' } }));
    expect(emulator.requests()[0].body).toMatchObject({ reasoning: { effort: 'high', exclude: true } });
    expect(emulator.requests()[0].body).not.toHaveProperty('reasoning_effort');
    expect(emulator.requests()[0].body).not.toHaveProperty('reasoning.max_tokens');
    await builder().withFallbackModels('a/b').build().complete(ask(undefined, { models: ['c/d'] }));
    expect(emulator.requests()[1].body).toMatchObject({ models: ['c/d'] });
    await builder().build().complete(ask());
    expect(Object.keys(emulator.requests()[2].body as object).filter((k) => ['provider', 'models', 'reasoning', 'usage'].includes(k))).toEqual([]);
  });

  it('reads reasoning and the accounted usage (reasoning and cached tokens) of the answer', async () => {
    emulator.script([{ reasoning: 'Think.', text: 'Done.', usage: { input: 20, output: 9, reasoning: 4, cached: 12 } }]);
    const answer = await builder().withUsageAccounting().build().complete(ask());
    expect(answer.parts).toEqual([expect.objectContaining({ type: 'reasoning', text: 'Think.' }), { type: 'text', text: 'Done.' }]);
    expect(answer.usage).toMatchObject({ inputTokens: 20, outputTokens: 9, reasoningTokens: 4, cachedInputTokens: 12 });
  });

  it('refuses contradictory or empty settings with ConfigurationErrors', () => {
    expect(() => builder().withReasoning({ effort: 'low', maxTokens: 10 })).toThrow(ConfigurationError);
    expect(() => builder().withFallbackModels()).toThrow(/at least one model/);
  });
});
