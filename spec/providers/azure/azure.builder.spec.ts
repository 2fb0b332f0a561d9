import { inspect } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import { AuthenticationError, ConfigurationError, ContentFilterError, InvalidRequestError } from '../../../lib/errors';
import { AzureOpenAIBuilder, azureRoot } from '../../../lib/providers/azure';
import { ChatCompletionsProvider } from '../../../lib/providers/completions';
import { OpenAIProvider } from '../../../lib/providers/openai';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { VirtualClock } from '../../../lib/testing/virtual.clock';

const KEY = 'azure-key-LEAKCHECK-9f8e7d6c5b4a3210';
const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hello' }] }] };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('AzureOpenAIBuilder', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const base = () => new AzureOpenAIBuilder().withBaseUrl(emulator.url('/openai'));
  const last = () => emulator.requests().at(-1)!;

  it('speaks the Responses API on the v1 path, the key in the api-key header, no bearer', async () => {
    const provider = base().withDeployment('gpt-prod').withApiKey(KEY).build();
    expect(provider).toBeInstanceOf(OpenAIProvider);
    emulator.script([{ text: 'Hi from Azure.' }]);
    const answer = await provider.complete(ask);
    expect(answer.parts).toEqual([expect.objectContaining({ type: 'text', text: 'Hi from Azure.' })]);
    expect(last()).toMatchObject({ wire: 'azure', path: '/openai/v1/responses', query: '', body: expect.objectContaining({ model: 'gpt-prod' }) });
    expect(last().headers['api-key']).toBe(KEY);
    expect(last().headers.authorization).toBeUndefined();
  });

  it('adds api-version when set (v1 preview features) and streams', async () => {
    const provider = base().withDeployment('gpt-prod').withApiKey(KEY).withApiVersion('preview').build();
    emulator.script([{ text: 'Streamed on Azure.' }]);
    const events = await lastValueFrom(provider.stream(ask).pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: 'step-finish' });
    expect(last()).toMatchObject({ path: '/openai/v1/responses', query: 'api-version=preview', stream: true });
  });

  it('speaks Chat Completions on deployment URLs with the api-version, chat and embeddings', async () => {
    const provider = base()
      .withDeployment('gpt 4o/prod')
      .withChatCompletions()
      .withDeploymentUrls()
      .withApiVersion('2024-10-21')
      .withEmbeddings('embed-small')
      .withApiKey(KEY)
      .build();
    expect(provider).toBeInstanceOf(ChatCompletionsProvider);
    emulator.script([{ text: 'Deployed.' }]);
    expect((await provider.complete(ask)).parts[0]).toMatchObject({ text: 'Deployed.' });
    expect(last()).toMatchObject({ path: '/openai/deployments/gpt%204o%2Fprod/chat/completions', query: 'api-version=2024-10-21' });
    const embedded = await provider.embed({ texts: ['a', 'b'] });
    expect(embedded.vectors).toHaveLength(2);
    expect(last()).toMatchObject({ path: '/openai/deployments/embed-small/embeddings', query: 'api-version=2024-10-21', body: expect.objectContaining({ model: 'embed-small' }) });
  });

  it('embeds on the v1 path with the Responses provider', async () => {
    const provider = base().withDeployment('gpt-prod').withEmbeddings('embed-large', { dimensions: 4 }).withApiKey(KEY).build();
    const result = await provider.embed({ texts: ['x'] });
    expect(result.dimensions).toBe(4);
    expect(last()).toMatchObject({ path: '/openai/v1/embeddings', body: { model: 'embed-large', input: ['x'], encoding_format: 'float', dimensions: 4 } });
  });

  it('sends an Entra ID token from the token provider, kept until shortly before it expires, then refreshed', async () => {
    const clock = new VirtualClock();
    let issued = 0;
    const provider = base()
      .withDeployment('gpt-prod')
      .withClock(clock)
      .withTokenProvider(async () => ({ token: `entra-token-${++issued}-abcdefghijklmnop`, expiresAt: clock.now() + 3_600_000 }))
      .build();
    emulator.script([{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }]);
    await Promise.all([provider.complete(ask), provider.complete(ask)]);
    expect(issued).toBe(1);
    clock.advance(3_600_000 - 120_000);
    await provider.complete(ask);
    expect(issued).toBe(1);
    clock.advance(90_000);
    await provider.complete(ask);
    expect(issued).toBe(2);
    const auth = emulator.requests().map((r) => r.headers.authorization);
    expect(auth).toEqual([
      'Bearer entra-token-1-abcdefghijklmnop',
      'Bearer entra-token-1-abcdefghijklmnop',
      'Bearer entra-token-1-abcdefghijklmnop',
      'Bearer entra-token-2-abcdefghijklmnop',
    ]);
    expect(emulator.requests().every((r) => r.headers['api-key'] === undefined)).toBe(true);
  });

  it('takes an @azure/identity-style credential with the Cognitive Services scope', async () => {
    const scopes: Array<string | string[]> = [];
    const credential = {
      getToken: async (scope: string | string[]) => (scopes.push(scope), { token: 'credential-token-0123456789abcdef', expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const provider = base().withDeployment('gpt-prod').withCredential(credential).build();
    emulator.script([{ text: 'ok' }]);
    await provider.complete(ask);
    expect(scopes).toEqual(['https://cognitiveservices.azure.com/.default']);
    expect(last().headers.authorization).toBe('Bearer credential-token-0123456789abcdef');
  });

  it('a failing token provider is an AuthenticationError, and tokens never show in errors', async () => {
    const broken = base().withDeployment('gpt-prod').withTokenProvider(() => Promise.reject(new Error('no managed identity here'))).build();
    const error = await failure(broken.complete(ask));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('no managed identity here');
    const token = 'entra-secret-token-LEAKCHECK-777777';
    const provider = base().withDeployment('gpt-prod').withTokenProvider(() => token).build();
    emulator.script([{ error: { status: 401, message: `Token ${token} is not valid` } }]);
    const rejected = (await failure(provider.complete(ask))) as AuthenticationError;
    expect(rejected).toBeInstanceOf(AuthenticationError);
    expect(`${rejected.message} ${rejected.providerMessage} ${JSON.stringify(rejected)} ${inspect(rejected)}`).not.toContain(token);
    expect(inspect(provider)).not.toContain(token);
  });

  it.each([
    ['Responses', (b: AzureOpenAIBuilder<true>) => b.build()],
    ['Chat Completions', (b: AzureOpenAIBuilder<true>) => b.withChatCompletions().build()],
  ])('maps content-filter refusals to ContentFilterError with the categories (%s), whole and streamed', async (_api, build) => {
    const provider = build(base().withDeployment('gpt-prod').withApiKey(KEY));
    const refusal = { error: { status: 400, code: 'content_filter', categories: ['violence', 'jailbreak'] } };
    emulator.script([refusal, refusal]);
    for (const error of [await failure(provider.complete(ask)), await failure(lastValueFrom(provider.stream(ask)))]) {
      expect(error).toBeInstanceOf(ContentFilterError);
      expect(error).toMatchObject({ status: 400, code: 'content_filter', provider: 'azure', isRetryable: false, categories: ['violence', 'jailbreak'] });
      expect((error as ContentFilterError).details).toMatchObject({ violence: { filtered: true, severity: 'high' }, hate: { filtered: false } });
      expect((error as Error).message).toContain('[violence, jailbreak]');
    }
  });

  it('reports a content-filtered completion as a finish reason, not an error', async () => {
    const provider = base().withDeployment('gpt-prod').withChatCompletions().withApiKey(KEY).build();
    emulator.script([{ text: 'partial', finishReason: 'content-filter' }]);
    expect((await provider.complete(ask)).finishReason.unified).toBe('content-filter');
  });

  it('the emulator holds Azure to its rules: deployment URLs without api-version are a 404, requests without credentials a 401', async () => {
    const transportOnly = base().withDeployment('d').withChatCompletions().withDeploymentUrls().withApiVersion('2024-10-21').withApiKey(KEY).build();
    emulator.script([{ text: 'ok' }]);
    await transportOnly.complete(ask);
    const res = await fetch(emulator.url('/openai/deployments/d/chat/completions'), {
      method: 'POST',
      headers: { 'api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [] }),
    });
    expect(res.status).toBe(404);
    const anonymous = await fetch(emulator.url('/openai/v1/chat/completions'), { method: 'POST', body: JSON.stringify({ model: 'd', messages: [] }) });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: '401' } });
  });

  it('maps Azure error bodies (DeploymentNotFound) to typed errors', async () => {
    const provider = base().withDeployment('missing').withApiKey(KEY).build();
    emulator.script([{ error: { status: 404 } }]);
    const error = await failure(provider.complete(ask));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ status: 404, code: 'DeploymentNotFound' });
  });

  describe('configuration', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_RESOURCE_NAME', 'AZURE_OPENAI_API_VERSION']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    it('reads AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_API_VERSION', async () => {
      process.env.AZURE_OPENAI_ENDPOINT = `${emulator.url()}/`;
      process.env.AZURE_OPENAI_API_KEY = KEY;
      process.env.AZURE_OPENAI_API_VERSION = '2025-04-01-preview';
      const provider = new AzureOpenAIBuilder().withDeployment('env-deployment').build();
      expect(provider.baseUrl).toBe(`${emulator.url()}/openai/v1`);
      emulator.script([{ text: 'from env' }]);
      await provider.complete(ask);
      expect(last()).toMatchObject({ path: '/openai/v1/responses', query: 'api-version=2025-04-01-preview' });
      expect(last().headers['api-key']).toBe(KEY);
    });

    it('builds the endpoint from a resource name', () => {
      const provider = new AzureOpenAIBuilder().withResource('my-resource').withDeployment('d').withApiKey(KEY).build();
      expect(provider.baseUrl).toBe('https://my-resource.openai.azure.com/openai/v1');
      process.env.AZURE_OPENAI_RESOURCE_NAME = 'env-resource';
      expect(new AzureOpenAIBuilder().withDeployment('d').withApiKey(KEY).withChatCompletions().build().baseUrl).toBe('https://env-resource.openai.azure.com/openai/v1');
    });

    it('fails with ConfigurationErrors that say what is missing', () => {
      delete process.env.AZURE_OPENAI_API_KEY;
      delete process.env.AZURE_OPENAI_ENDPOINT;
      delete process.env.AZURE_OPENAI_RESOURCE_NAME;
      delete process.env.AZURE_OPENAI_API_VERSION;
      expect(() => new AzureOpenAIBuilder().withDeployment('d').withApiKey(KEY).build()).toThrow(/no endpoint.*withResource/);
      expect(() => new AzureOpenAIBuilder().withResource('r').withDeployment('d').build()).toThrow(/AZURE_OPENAI_API_KEY/);
      expect(() => new AzureOpenAIBuilder().withResource('r').withDeployment('d').withApiKey(KEY).withDeploymentUrls().build()).toThrow(/api-version/);
      expect(() => new AzureOpenAIBuilder().withResource('not a resource!')).toThrow(ConfigurationError);
      expect(() => new AzureOpenAIBuilder().withResource('r').withDeployment('d').withTokenProvider(() => 'tok-123456789').build()).not.toThrow();
    });

    it('normalises endpoints to the resource OpenAI root', () => {
      expect(azureRoot('https://r.openai.azure.com')).toBe('https://r.openai.azure.com/openai');
      expect(azureRoot('https://r.openai.azure.com/')).toBe('https://r.openai.azure.com/openai');
      expect(azureRoot('https://r.openai.azure.com/openai/v1/')).toBe('https://r.openai.azure.com/openai');
      expect(azureRoot('https://gateway.example.com/azure/openai')).toBe('https://gateway.example.com/azure/openai');
    });
  });
});
