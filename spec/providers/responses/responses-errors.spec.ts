import { inspect } from 'node:util';
import {
  AbortedError,
  AuthenticationError,
  ContextLengthExceededError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../../lib/errors';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { ResponsesFixtureServer } from '../../support/responses-fixture-server';
import { collect, finalResponse, rejection, textOf, userText } from '../../support/responses-helpers';

const KEY = 'sk-proj-secret-key-0123456789abcdef';

describe('Responses errors and faults', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const provider = () => new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-test').withApiKey(KEY).withIdleTimeout(300).build();
  const request = { messages: [userText('hello')] };

  it.each([
    [{ status: 401 }, AuthenticationError, 'invalid_api_key', false],
    [{ status: 429, retryAfter: 7 }, RateLimitError, 'rate_limit_exceeded', true],
    [{ status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' }, QuotaExceededError, 'insufficient_quota', false],
    [{ status: 400, code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' }, ContextLengthExceededError, 'context_length_exceeded', false],
    [{ status: 400, message: "Unsupported parameter: 'temperature'." }, InvalidRequestError, 'invalid_request_error', false],
    [{ status: 500 }, ServerError, 'server_error', true],
  ] as const)('maps HTTP %j to a typed error, whole and streamed', async (error, type, code, retryable) => {
    emulator.script([{ error }, { error }]);
    for (const failure of [await rejection(provider().complete(request)), await rejection(collect(provider().stream(request)))]) {
      expect(failure).toBeInstanceOf(type);
      expect(failure).toMatchObject({ provider: 'responses', status: error.status, code, isRetryable: retryable });
      if (type === RateLimitError) expect((failure as RateLimitError).retryAfterSeconds).toBe(7);
    }
  });

  it('reads an HTML 502 from a proxy as a server error', async () => {
    emulator.script([{ fault: 'html-502' }]);
    const failure = await rejection(provider().complete(request));
    expect(failure).toBeInstanceOf(ServerError);
    expect((failure as Error).message).toMatch(/502 Bad Gateway/);
  });

  it.each([
    ['reset-before', NetworkError],
    ['truncate', InvalidResponseError],
    ['empty', InvalidResponseError],
  ] as const)('turns the %s fault of a whole response into %p', async (fault, type) => {
    emulator.script([{ text: 'a long enough answer to cut', fault }]);
    expect(await rejection(provider().complete(request))).toBeInstanceOf(type);
  });

  it.each([
    ['reset-mid', NetworkError],
    ['malformed', InvalidResponseError],
    ['stall-mid', TimeoutError],
    ['reset-before', NetworkError],
  ] as const)('turns the %s fault of a stream into %p', async (fault, type) => {
    emulator.script([{ text: 'one two three four five six seven eight', fault, afterChunks: 4 }]);
    const failure = await rejection(collect(provider().stream(request)));
    expect(failure).toBeInstanceOf(type);
    expect((failure as { provider?: string }).provider).toBe('responses');
  });

  it('aborts the request when the subscriber unsubscribes', async () => {
    emulator.script([{ text: 'one two three four five six', chunkDelayMs: 200 }]);
    const closed = emulator.waitForClientClose();
    const seen: string[] = [];
    const subscription = provider().stream(request).subscribe((e) => {
      seen.push(e.type);
      if (e.type === 'text-delta') subscription.unsubscribe();
    });
    await closed;
    expect(seen).toContain('text-delta');
    expect(emulator.requests()[0].closedByClient).toBe(true);
  });

  it('fails with AbortedError when the caller aborts', async () => {
    emulator.script([{ text: 'slow', delayMs: 400 }]);
    const controller = new AbortController();
    const pending = rejection(provider().complete({ ...request, signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toBeInstanceOf(AbortedError);
  });

  it('never shows the API key in errors', async () => {
    emulator.script([{ error: { status: 401, message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com.` } }]);
    const failure = (await rejection(provider().complete(request))) as AuthenticationError;
    expect(failure).toBeInstanceOf(AuthenticationError);
    for (const text of [failure.message, failure.providerMessage ?? '', JSON.stringify(failure), inspect(failure), String(failure.stack)]) {
      expect(text).not.toContain(KEY);
    }
    expect(failure.message).toContain('[REDACTED]');
    expect(emulator.requests()[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });
});

describe('Responses in-stream failures (hand-written frames over a real socket)', () => {
  let server: ResponsesFixtureServer;
  beforeAll(async () => (server = await ResponsesFixtureServer.start()));
  afterAll(() => server.close());
  const provider = () => new ResponsesBuilder().withBaseUrl(server.url).withModel('m').build();
  const sse = (...events: object[]) => ({
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    frames: events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`),
  });
  const created = { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', status: 'in_progress', model: 'm', output: [] } };

  it('types an `error` event (flat, as the API reference writes it)', async () => {
    server.serve(sse(created, { type: 'error', sequence_number: 1, code: 'rate_limit_exceeded', message: 'Slow down', param: null }));
    const failure = await rejection(collect(provider().stream({ messages: [userText('x')] })));
    expect(failure).toBeInstanceOf(RateLimitError);
    expect(failure).toMatchObject({ code: 'rate_limit_exceeded', providerMessage: 'Slow down', isRetryable: true });
  });

  it('types response.failed, keeping the usage spent', async () => {
    server.serve(
      sse(created, {
        type: 'response.failed',
        sequence_number: 1,
        response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'The model failed to generate a response.' }, output: [], usage: { input_tokens: 3, output_tokens: 0, total_tokens: 3 } },
      }),
    );
    const failure = (await rejection(collect(provider().stream({ messages: [userText('x')] })))) as ServerError;
    expect(failure).toBeInstanceOf(ServerError);
    expect(failure.usage).toMatchObject({ inputTokens: 3 });
    expect(failure.isRetryable).toBe(true);
  });

  it('types a failed non-streamed response', async () => {
    server.serve({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'r', status: 'failed', error: { code: 'invalid_prompt', message: 'Bad prompt' }, output: [] }) });
    expect(await rejection(provider().complete({ messages: [userText('x')] }))).toBeInstanceOf(InvalidRequestError);
  });

  it('fails when the stream ends before a terminal event', async () => {
    server.serve(sse(created, { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hel' }));
    const failure = await rejection(collect(provider().stream({ messages: [userText('x')] })));
    expect(failure).toBeInstanceOf(InvalidResponseError);
    // the answer arrived, cut: sending the request again would pay for it twice
    expect((failure as InvalidResponseError).isRetryable).toBe(false);
  });

  it('builds the answer from events when the completed payload has no output, and ignores [DONE]', async () => {
    const frames = sse(
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hello ' },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'there' },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: '{"a":' },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: '1}' },
      { type: 'response.refusal.delta', item_id: 'msg_2', output_index: 2, content_index: 0, delta: 'No.' },
      { type: 'response.completed', response: { id: 'resp_1', status: 'completed', model: 'm', output: [], usage: { input_tokens: 1, output_tokens: 2 } } },
    );
    server.serve({ ...frames, frames: [...frames.frames, 'data: [DONE]\n\n'] });
    const events = await collect(provider().stream({ messages: [userText('x')] }));
    const final = finalResponse(events);
    expect(textOf(final)).toBe('Hello thereNo.');
    expect(final.parts[1]).toMatchObject({ type: 'tool-call', id: 'fc_1', arguments: { a: 1 } });
    expect(final.finishReason.unified).toBe('tool-calls');
    expect(final.usage).toMatchObject({ inputTokens: 1, outputTokens: 2, totalTokens: 3 });
    expect(events.filter((e) => e.type === 'tool-call-end')).toHaveLength(1);
  });
});
