import { ConfigurationError } from '../../../lib/errors';
import { HuggingFaceBuilder } from '../../../lib/providers/huggingface';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { ask, TEST_KEY } from '../completions/completions-spec.helpers';

function typeStateChecks(): void {
  // @ts-expect-error build() needs a model
  new HuggingFaceBuilder().build();
  // @ts-expect-error build() needs a model, whatever else is set
  new HuggingFaceBuilder().withApiKey('k').withBaseUrl('http://x').build();
}

describe('HuggingFaceBuilder', () => {
  let emulator: ProviderEmulator;
  const saved = process.env.HF_TOKEN;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  afterEach(() => {
    if (saved === undefined) delete process.env.HF_TOKEN;
    else process.env.HF_TOKEN = saved;
    emulator.reset();
  });

  it('fails at build() with a ConfigurationError naming HF_TOKEN when no key is given', () => {
    expect(typeof typeStateChecks).toBe('function');
    delete process.env.HF_TOKEN;
    expect(() => new HuggingFaceBuilder().withModel('m').build()).toThrow(ConfigurationError);
    expect(() => new HuggingFaceBuilder().withModel('m').build()).toThrow(/HF_TOKEN/);
  });

  it('reads the key from HF_TOKEN, defaults to https://router.huggingface.co/v1, and talks the Chat Completions wire', async () => {
    process.env.HF_TOKEN = TEST_KEY;
    const provider = new HuggingFaceBuilder().withModel('some-model').build();
    expect(provider.id).toBe('huggingface');
    expect(provider.baseUrl).toBe('https://router.huggingface.co/v1');
    emulator.script([{ text: 'Hello from huggingface' }]);
    const viaEmulator = new HuggingFaceBuilder().withBaseUrl(emulator.url('/v1')).withModel('some-model').build();
    const res = await viaEmulator.complete(ask('hi', { options: { maxTokens: 5 } }));
    expect(res.parts).toEqual([{ type: 'text', text: 'Hello from huggingface' }]);
    expect(res.metadata.provider).toBe('huggingface');
    const recorded = emulator.requests()[0];
    expect(recorded.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(recorded.path).toBe('/v1/chat/completions');
    expect(recorded.body).toMatchObject({ max_tokens: 5 });
    // DeepSeek-R1 and similar models on the router write their reasoning inline.
    emulator.script([{ text: '<think>Two and two.</think>Four.' }]);
    const split = await viaEmulator.complete(ask('2+2?'));
    expect(split.parts).toEqual([
      { type: 'reasoning', text: 'Two and two.', origin: { provider: 'huggingface', model: 'some-model' } },
      { type: 'text', text: 'Four.' },
    ]);
  });
});

describe('HuggingFaceBuilder.withPolicy (router policies)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  it.each(['fastest', 'cheapest', 'preferred', 'groq', 'fireworks-ai'])('sends the model as model:%s', async (policy) => {
    emulator.reset();
    const provider = new HuggingFaceBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('hf_0123456789').withModel('openai/gpt-oss-120b').withPolicy(policy).build();
    await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] });
    expect(emulator.requests()[0].body).toMatchObject({ model: `openai/gpt-oss-120b:${policy}` });
  });

  it('accepts a matching suffix in the model id, refuses a conflicting one and malformed policies', () => {
    const base = () => new HuggingFaceBuilder().withApiKey('hf_0123456789');
    expect(base().withModel('m/x:fastest').withPolicy('fastest').build().model).toBe('m/x:fastest');
    expect(() => base().withModel('m/x:cheapest').withPolicy('fastest').build()).toThrow(/already asks for policy "cheapest"/);
    expect(() => base().withPolicy('Fast est')).toThrow(ConfigurationError);
  });
});
