import { inspect } from 'node:util';
import {
  AuthenticationError,
  ChatError,
  ContextLengthExceededError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  ProviderOverloadedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../../lib/errors';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { collect, GEMINI_TEST_KEY, geminiOn, userRequest } from '../../support/gemini-emulator';

const fail = (p: Promise<unknown>): Promise<ChatError> => p.then(() => { throw new Error('expected a failure'); }, (e: ChatError) => e);

describe('Gemini errors (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('maps 429 with RetryInfo to a retryable RateLimitError with retryAfterSeconds', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 34.4 } }, { error: { status: 429, retryAfter: 12 } }]);
    const provider = geminiOn(emulator).build();
    const error = (await fail(provider.complete(userRequest('x')))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterSeconds).toBe(34.4);
    expect(error.isRetryable).toBe(true);
    expect(error.code).toBe('RESOURCE_EXHAUSTED');
    const streamed = (await fail(collect(provider.stream(userRequest('x'))))) as RateLimitError;
    expect(streamed).toBeInstanceOf(RateLimitError);
    expect(streamed.retryAfterSeconds).toBe(12);
  });

  it('reads the delay from the body when no Retry-After header is sent', async () => {
    const body = { error: { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7.5s' }] } };
    emulator.script([{ error: { status: 429, body } }]);
    const error = (await fail(geminiOn(emulator).build().complete(userRequest('x')))) as RateLimitError;
    expect(error.retryAfterSeconds).toBe(7.5);
  });

  it('tells a daily or billing quota (not retryable) from a per-minute rate limit', async () => {
    const daily = {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] }],
      },
    };
    const credits = { error: { code: 429, message: 'Your prepayment credits are depleted. Please go to billing.', status: 'RESOURCE_EXHAUSTED' } };
    emulator.script([{ error: { status: 429, body: daily } }, { error: { status: 429, body: credits } }]);
    const provider = geminiOn(emulator).build();
    for (let i = 0; i < 2; i++) {
      const error = await fail(provider.complete(userRequest('x')));
      expect(error).toBeInstanceOf(QuotaExceededError);
      expect(error.isRetryable).toBe(false);
    }
  });

  it.each([
    [{ status: 400, code: 'API_KEY_INVALID', message: 'API key not valid. Please pass a valid API key.' }, AuthenticationError],
    [{ status: 403, message: 'Permission denied.' }, AuthenticationError],
    [{ status: 503, message: 'The model is overloaded. Please try again later.' }, ProviderOverloadedError],
    [{ status: 500, message: 'An internal error has occurred.' }, ServerError],
    [{ status: 504, message: 'Deadline expired before operation could complete.' }, TimeoutError],
    [{ status: 404, message: 'models/nope is not found for API version v1beta' }, InvalidRequestError],
    [{ status: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).' }, ContextLengthExceededError],
  ])('maps %j', async (error, type) => {
    emulator.script([{ error }]);
    const mapped = await fail(geminiOn(emulator).build().complete(userRequest('x')));
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.provider).toBe('gemini');
    expect(mapped.status).toBe(error.status);
    expect(mapped.providerMessage).toBe(error.message);
  });

  it.each([
    ['reset-before', NetworkError],
    ['html-502', ServerError],
    ['truncate', InvalidResponseError],
    ['empty', InvalidResponseError],
  ] as const)('maps the %s fault to %p', async (fault, type) => {
    emulator.script([{ text: 'hello world', fault }]);
    await expect(geminiOn(emulator).build().complete(userRequest('x'))).rejects.toBeInstanceOf(type);
  });

  it('fails a stream that ends without a finish reason', async () => {
    emulator.script([{ text: 'a b c', error: { status: 200, body: 'data: {"candidates":[{"content":{"parts":[{"text":"cut"}]}}]}\r\n\r\n' } }]);
    const error = await fail(collect(geminiOn(emulator).build().stream(userRequest('x'))));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/finishReason/);
  });

  it('maps an error event inside a 200 stream', async () => {
    const body = 'data: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n\r\n';
    emulator.script([{ error: { status: 200, body } }]);
    await expect(collect(geminiOn(emulator).build().stream(userRequest('x')))).rejects.toBeInstanceOf(ProviderOverloadedError);
  });

  it('never shows the API key: not in messages, JSON, inspect output, nor URLs', async () => {
    emulator.script([{ error: { status: 400, code: 'API_KEY_INVALID', message: `API key not valid: ${GEMINI_TEST_KEY}` } }]);
    const error = await fail(geminiOn(emulator).build().complete(userRequest('x')));
    for (const text of [error.message, error.providerMessage ?? '', String(error), JSON.stringify(error), inspect(error), error.stack ?? '']) {
      expect(text).not.toContain(GEMINI_TEST_KEY);
    }
    const down = await fail(
      geminiOn(emulator).withBaseUrl('http://127.0.0.1:1/v1beta').build().complete(userRequest('x')),
    );
    expect(down).toBeInstanceOf(NetworkError);
    expect(`${down.message} ${inspect(down)} ${JSON.stringify(down)}`).not.toContain(GEMINI_TEST_KEY);
    expect(emulator.requests().every((r) => !r.path.includes(GEMINI_TEST_KEY))).toBe(true);
  });
});
