import { createHash, createHmac } from 'node:crypto';
import { lastValueFrom, toArray } from 'rxjs';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import { AuthenticationError, ConfigurationError, ContextLengthExceededError, InvalidResponseError, RateLimitError } from '../../../lib/errors';
import { BedrockBuilder } from '../../../lib/providers/bedrock';
import { ProviderEmulator, type RecordedRequest } from '../../../lib/testing/emulator';

const MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const CREDS = { accessKeyId: 'AKIDEXAMPLE0123456789', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-LEAKCHECK-abcdef' };
const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hello there' }] }] };

const hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** Recomputes a request's SigV4 signature from the bytes the server received (AWS's published algorithm, written out here). */
function expectedSignature(record: RecordedRequest, rawBody: string, secret: string): string {
  const auth = record.headers.authorization;
  const [, scope, signedHeaders] = /Credential=[^/]+\/([^,]+), SignedHeaders=([^,]+), Signature=/.exec(auth)!;
  const [date, region, service] = scope.split('/');
  const canonicalPath = record.path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  const headerLines = signedHeaders
    .split(';')
    .map((name) => `${name}:${record.headers[name].trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonical = ['POST', canonicalPath, record.query ?? '', headerLines, signedHeaders, hex(rawBody)].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', record.headers['x-amz-date'], scope, hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

describe('BedrockBuilder', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const last = () => emulator.requests().at(-1)!;
  const keyed = () => new BedrockBuilder().withModel(MODEL).withRegion('eu-west-1').withBaseUrl(emulator.url()).withApiKey('bedrock-key-0123456789');

  it('signs with SigV4 (the AWS SDK signer): a signature the server can recompute over the body exactly as sent', async () => {
    const provider = new BedrockBuilder().withModel(MODEL).withRegion('eu-west-1').withBaseUrl(emulator.url()).withCredentials(CREDS).build();
    emulator.script([{ text: 'Signed.' }]);
    expect((await provider.complete(ask)).parts[0]).toMatchObject({ text: 'Signed.' });
    const record = last();
    expect(record.path).toBe('/model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(record.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE0123456789\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=/);
    expect(record.headers['x-amz-security-token']).toBe(CREDS.sessionToken);
    const rawBody = JSON.stringify(record.body);
    expect(record.headers['x-amz-content-sha256']).toBe(hex(rawBody));
    const signature = /Signature=([0-9a-f]{64})$/.exec(record.headers.authorization)![1];
    expect(signature).toBe(expectedSignature(record, rawBody, CREDS.secretAccessKey));
  });

  it('takes credentials from the standard AWS chain (environment) when none are given', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN, bearer: process.env.AWS_BEARER_TOKEN_BEDROCK };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENVIRONMENT1';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-environment-0123456789';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_BEARER_TOKEN_BEDROCK;
    try {
      const provider = new BedrockBuilder().withModel(MODEL).withRegion('us-west-2').withBaseUrl(emulator.url()).build();
      emulator.script([{ text: 'From the chain.' }]);
      await provider.complete(ask);
      expect(last().headers.authorization).toContain('Credential=AKIDFROMENVIRONMENT1/');
      expect(expectedSignature(last(), JSON.stringify(last().body), 'secret-from-environment-0123456789')).toBe(/Signature=(\w+)$/.exec(last().headers.authorization)![1]);
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret], ['AWS_SESSION_TOKEN', saved.token], ['AWS_BEARER_TOKEN_BEDROCK', saved.bearer]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('maps the conversation to Converse: system, inference config, tools, images, tool results in user turns', async () => {
    emulator.script([{ text: 'ok' }]);
    await keyed().build().complete({
      system: 'Be brief.',
      messages: [
        { role: 'user', parts: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { kind: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } }] },
        { role: 'assistant', parts: [{ type: 'tool-call', id: 'tu_1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed' }] },
        { role: 'tool', parts: [{ type: 'tool-result', callId: 'tu_1', name: 'weather', content: 'sunny' }] },
      ],
      tools: [{ name: 'weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: 'required',
      options: { maxTokens: 100, temperature: 0.2, stop: ['END'], reasoning: { budgetTokens: 2048 } },
    });
    expect(last().body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Weather?' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 'tu_1', name: 'weather', input: { city: 'Paris' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 'tu_1', content: [{ text: 'sunny' }] } }] },
      ],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 100, temperature: 0.2, stopSequences: ['END'] },
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } },
      toolConfig: { tools: [{ toolSpec: { name: 'weather', description: 'Weather of a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }], toolChoice: { any: {} } },
    });
  });

  it('streams reasoning with its signature and tool calls, and sends the signed reasoning back on the next turn', async () => {
    const provider = keyed().build();
    emulator.script([{ reasoning: 'Think about Paris.', reasoningSignature: 'SIG-abc', toolCalls: [{ id: 'tu_9', name: 'weather', arguments: { city: 'Paris' } }], usage: { input: 20, output: 9, cached: 5 } }, { text: 'Sunny.' }]);
    const events = await lastValueFrom(provider.stream(ask).pipe(toArray()));
    expect(events.filter((e) => e.type === 'reasoning-delta').map((e) => (e.type === 'reasoning-delta' ? e.delta : '')).join('')).toBe('Think about Paris.');
    const end = events.find((e) => e.type === 'tool-call-end');
    expect(end).toMatchObject({ call: { id: 'tu_9', name: 'weather', arguments: { city: 'Paris' } } });
    const finish = events.at(-1);
    if (finish?.type !== 'step-finish') throw new Error('no step-finish');
    expect(finish.response.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(finish.response.usage).toMatchObject({ inputTokens: 25, outputTokens: 9, cachedInputTokens: 5, cacheCreationTokens: 0 });
    expect(last().headers['content-type']).toBe('application/json');
    await provider.complete({
      messages: [
        ...ask.messages,
        { role: 'assistant', parts: finish.response.parts },
        { role: 'tool', parts: [{ type: 'tool-result', callId: 'tu_9', name: 'weather', content: 'sunny' }] },
      ],
    });
    const sent = last().body as { messages: Array<{ role: string; content: unknown[] }> };
    expect(sent.messages[1].content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'Think about Paris.', signature: 'SIG-abc' } } });
  });

  it('structured output travels as a forced tool and comes back as JSON text', async () => {
    emulator.script([{ json: { city: 'Paris', temperature: 21 } }, { json: { city: 'Lyon', temperature: 19 } }]);
    const provider = keyed().build();
    const format = { name: 'weather_report', schema: { type: 'object', properties: { city: { type: 'string' }, temperature: { type: 'number' } } } };
    const whole = await provider.complete({ ...ask, responseFormat: format });
    expect(whole.parts).toEqual([{ type: 'text', text: '{"city":"Paris","temperature":21}' }]);
    expect(whole.finishReason.unified).toBe('stop');
    expect(last().body).toMatchObject({ toolConfig: { toolChoice: { tool: { name: 'weather_report' } } } });
    const events = await lastValueFrom(provider.stream({ ...ask, responseFormat: format }).pipe(toArray()));
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe('{"city":"Lyon","temperature":19}');
    expect(events.some((e) => e.type === 'tool-call-start')).toBe(false);
  });

  it('embeds with Titan (one text per request) and Cohere (a batch)', async () => {
    const titan = keyed().withEmbeddings('amazon.titan-embed-text-v2:0').build();
    const result = await titan.embed({ texts: ['a b', 'c'], dimensions: 4 });
    expect(result).toMatchObject({ dimensions: 4, model: 'amazon.titan-embed-text-v2:0', usage: { inputTokens: 3 } });
    expect(emulator.requests().map((r) => r.body)).toEqual([
      { inputText: 'a b', normalize: true, dimensions: 4 },
      { inputText: 'c', normalize: true, dimensions: 4 },
    ]);
    expect(last().path).toBe('/model/amazon.titan-embed-text-v2%3A0/invoke');
    emulator.reset();
    const cohere = keyed().withEmbeddings('cohere.embed-english-v3').build();
    expect((await cohere.embed({ texts: ['x', 'y', 'z'], taskType: 'retrieval-query' })).vectors).toHaveLength(3);
    expect(emulator.requests()).toHaveLength(1);
    expect(last().body).toEqual({ texts: ['x', 'y', 'z'], input_type: 'search_query' });
  });

  it('types Bedrock errors: unsigned requests, throttling with x-amzn-ErrorType, too-long input, corrupt frames', async () => {
    const unsigned = await fetch(emulator.url('/model/m/converse'), { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(403);
    const provider = keyed().build();
    emulator.script([
      { error: { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' }, retryAfter: 3 } },
      { error: { status: 400, message: 'Input is too long for requested model.' } },
      { text: 'one two three four five six', fault: 'malformed', afterChunks: 2 },
    ]);
    const throttled = await provider.complete(ask).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RateLimitError);
    expect(throttled).toMatchObject({ code: 'ThrottlingException', retryAfterSeconds: 3, isRetryable: true });
    expect(await provider.complete(ask).catch((e: unknown) => e)).toBeInstanceOf(ContextLengthExceededError);
    const corrupt = await lastValueFrom(provider.stream(ask)).catch((e: unknown) => e);
    expect(corrupt).toBeInstanceOf(InvalidResponseError);
    expect((corrupt as Error).message).toMatch(/corrupt event-stream frame/);
    const denied = new BedrockBuilder().withModel(MODEL).withRegion('eu-west-1').withBaseUrl(emulator.url()).withApiKey('bedrock-key-0123456789').build();
    emulator.script([{ error: { status: 403 } }]);
    expect(await denied.complete(ask).catch((e: unknown) => e)).toBeInstanceOf(AuthenticationError);
  });

  it('fails with ConfigurationErrors that name the region and its variables', () => {
    const saved = { region: process.env.AWS_REGION, fallback: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      expect(() => new BedrockBuilder().withModel(MODEL).withApiKey('k-0123456789').build()).toThrow(/no region.*AWS_REGION/);
      expect(() => new BedrockBuilder().withRegion('Frankfurt')).toThrow(ConfigurationError);
      process.env.AWS_REGION = 'ap-southeast-2';
      expect(new BedrockBuilder().withModel(MODEL).withApiKey('k-0123456789').build().baseUrl).toBe('https://bedrock-runtime.ap-southeast-2.amazonaws.com');
    } finally {
      if (saved.region === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved.region;
      if (saved.fallback !== undefined) process.env.AWS_DEFAULT_REGION = saved.fallback;
    }
  });
});
