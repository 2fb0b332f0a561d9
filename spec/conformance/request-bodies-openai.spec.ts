import { AzureOpenAIBuilder } from '../../lib/providers/azure';
import { CerebrasBuilder } from '../../lib/providers/cerebras';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { DeepSeekBuilder } from '../../lib/providers/deepseek';
import { HuggingFaceBuilder } from '../../lib/providers/huggingface';
import { OllamaBuilder } from '../../lib/providers/ollama';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { OpenRouterBuilder } from '../../lib/providers/presets';
import { ResponsesBuilder } from '../../lib/providers/responses';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { describeWithSpecs, type BodyCheck, type OfficialSpecs } from '../support/official-specs';
import { captureBodies, type CapturedProvider } from '../support/request-scenarios';
import { expectConforming } from '../support/request-conformance';

/**
 * Request bodies of the OpenAI-family providers and presets against `openai-openapi.yaml`:
 * `CreateChatCompletionRequest`, `CreateResponse`, `CreateEmbeddingRequest` (see
 * docs/request-conformance.md for the deliberate deviations).
 */
describeWithSpecs('request bodies against the OpenAI spec', (specs: OfficialSpecs) => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  let chat: BodyCheck;
  let responses: BodyCheck;
  let embeddings: BodyCheck;
  beforeAll(() => {
    chat = specs.schema('openai-openapi.yaml', 'CreateChatCompletionRequest');
    responses = specs.schema('openai-openapi.yaml', 'CreateResponse');
    embeddings = specs.schema('openai-openapi.yaml', 'CreateEmbeddingRequest');
  }, 120_000);
  const key = 'sk-spec-check';

  it('the checker itself reports schema errors and unknown fields (a pass means something)', () => {
    expect(chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toEqual([]);
    const problems = chat({ model: 'm', messages: [{ role: 'user', content: 'hi', cache: true }], temperature: 'hot', random_seed: 1 });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/temperature must be number/),
        'CreateChatCompletionRequest.messages[0].cache: not a property the spec declares',
        'CreateChatCompletionRequest.random_seed: not a property the spec declares',
      ]),
    );
    expect(responses({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 'x', is_error: true }] })).toEqual([
      'CreateResponse.input[0].is_error: not a property the spec declares',
    ]);
  });

  const completions: Array<[string, () => CapturedProvider]> = [
    ['ChatCompletionsBuilder', () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o').withEmbeddings('text-embedding-3-small').build()],
    ['ChatCompletionsBuilder (strict schemas, max_completion_tokens)', () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('o3').withStrictSchemas().withMaxCompletionTokens().build()],
    ['ChatCompletionsBuilder (json_object)', () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').withStructuredOutputMode('json_object').build()],
    ['DeepSeekBuilder', () => new DeepSeekBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(key).withModel('deepseek-chat').build()],
    ['CerebrasBuilder', () => new CerebrasBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(key).withModel('llama-4').build()],
    ['HuggingFaceBuilder', () => new HuggingFaceBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(key).withModel('Qwen/Qwen3').withEmbeddings('bge').build()],
    ['OllamaBuilder (/v1 chat)', () => new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('llama3.2').build()],
    [
      'AzureOpenAIBuilder (Chat Completions, deployment URLs)',
      () =>
        new AzureOpenAIBuilder()
          .withBaseUrl(emulator.url('/openai'))
          .withApiKey(key)
          .withDeployment('gpt-4o')
          .withChatCompletions()
          .withDeploymentUrls()
          .withApiVersion('2024-10-21')
          .withEmbeddings('text-embedding-3-small')
          .build(),
    ],
  ];

  it.each(completions)('%s sends conforming Chat Completions and embeddings bodies', async (name, make) => {
    const { bodies } = await captureBodies(make(), emulator);
    expectConforming(name, bodies, (b) => (b.path.endsWith('/embeddings') ? embeddings : chat));
  }, 60_000);

  const responsesProviders: Array<[string, () => CapturedProvider]> = [
    ['OpenAIBuilder', () => new OpenAIBuilder().withCustomUrl(emulator.url('/v1')).withApiKey(key).withModel('gpt-5-mini').withEmbeddings('text-embedding-3-small').build()],
    ['AzureOpenAIBuilder (Responses, v1)', () => new AzureOpenAIBuilder().withBaseUrl(emulator.url('/openai')).withApiKey(key).withDeployment('gpt-5-mini').withEmbeddings('text-embedding-3-small').build()],
    ['ResponsesBuilder', () => new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(key).withModel('gpt-5').withReasoningSummary('auto').build()],
  ];

  it.each(responsesProviders)('%s sends conforming Responses and embeddings bodies', async (name, make) => {
    const { bodies } = await captureBodies(make(), emulator);
    expectConforming(name, bodies, (b) => (b.path.endsWith('/embeddings') ? embeddings : responses));
  }, 60_000);

  it('OpenRouterBuilder: every scenario conforms but for the four OpenRouter fields each typed method adds (provider, models, reasoning, usage)', async () => {
    const openrouter = new OpenRouterBuilder()
      .withBaseUrl(emulator.url('/v1'))
      .withApiKey(key)
      .withModel('anthropic/claude-sonnet-4')
      .withProviderRouting({ order: ['anthropic'], allowFallbacks: false, sort: 'price' })
      .withFallbackModels('openai/gpt-4o')
      .withReasoning({ maxTokens: 1024 })
      .withUsageAccounting()
      .withAppAttribution({ url: 'https://app.example', title: 'App' })
      .withEmbeddings('openai/text-embedding-3-small')
      .build();
    const { bodies } = await captureBodies(openrouter, emulator);
    const extensions = ['provider', 'models', 'reasoning', 'usage'].map((field) => `CreateChatCompletionRequest.${field}: not a property the spec declares`);
    const chatBodies = bodies.filter((b) => !b.path.endsWith('/embeddings'));
    expect(chatBodies.length).toBeGreaterThanOrEqual(10);
    for (const b of chatBodies) expect([b.scenario, [...chat(b.body)].sort()]).toEqual([b.scenario, [...extensions].sort()]);
    expectConforming('OpenRouterBuilder (embeddings)', bodies.filter((b) => b.path.endsWith('/embeddings')), () => embeddings);
    const reasoning = chatBodies.find((b) => b.scenario === 'reasoning')?.body as Record<string, unknown>;
    expect(reasoning.reasoning).toEqual({ effort: 'high' }); // the call's effort, in OpenRouter's object
  }, 60_000);

  it('the documented deviations (docs/request-conformance.md) are exactly what the checker reports', async () => {
    const ask = { messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text: 'Hi' }] }] };
    await new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').build().complete({ ...ask, options: { topK: 5 } });
    await new ChatCompletionsBuilder()
      .withBaseUrl(emulator.url('/v1'))
      .withModel('m')
      .withStructuredOutputMode('ollama-format')
      .build()
      .complete({ ...ask, responseFormat: { name: 'r', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } });
    await new DeepSeekBuilder()
      .withBaseUrl(emulator.url('/v1'))
      .withApiKey(key)
      .withModel('deepseek-reasoner')
      .build()
      .complete({
        messages: [
          ...ask.messages,
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', text: 'Look it up.', origin: { provider: 'deepseek', model: 'deepseek-reasoner' } },
              { type: 'tool-call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed' },
            ],
          },
          { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_1', name: 'weather', content: 'sunny' }] },
        ],
      });
    expect(emulator.requests().map((r) => chat(r.body))).toEqual([
      ['CreateChatCompletionRequest.top_k: not a property the spec declares'],
      ['CreateChatCompletionRequest.format: not a property the spec declares'],
      ['CreateChatCompletionRequest.messages[1].reasoning_content: not a property the spec declares'],
    ]);
  });
});
