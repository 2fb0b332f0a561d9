import {
  AuthenticationError,
  ChatError,
  ContentFilterError,
  ContextLengthExceededError,
  InvalidRequestError,
  ProviderOverloadedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../../lib/errors';
import type { EmulatedError } from '../../../lib/testing/emulator';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { ask, emulatedProvider, failure, streamFailure } from './completions-spec.helpers';

type ErrorClass = abstract new (...args: never[]) => ChatError;

const CASES: Array<[string, EmulatedError, ErrorClass, boolean]> = [
  ['401 invalid key', { status: 401 }, AuthenticationError, false],
  ['403 forbidden', { status: 403 }, AuthenticationError, false],
  ['429 rate limit', { status: 429, retryAfter: 7 }, RateLimitError, true],
  ['429 insufficient_quota', { status: 429, code: 'insufficient_quota' }, QuotaExceededError, false],
  ['400 context_length_exceeded', { status: 400, code: 'context_length_exceeded' }, ContextLengthExceededError, false],
  ['400 content filter', { status: 400, code: 'content_filter', message: 'The response was filtered.' }, ContentFilterError, false],
  ['400 invalid request', { status: 400, code: 'unsupported_parameter', message: "Unsupported parameter: 'max_tokens'." }, InvalidRequestError, false],
  ['404 unknown model', { status: 404 }, InvalidRequestError, false],
  ['408 timeout', { status: 408 }, TimeoutError, true],
  ['500 server error', { status: 500 }, ServerError, true],
  ['503 overloaded', { status: 503 }, ProviderOverloadedError, true],
  ['529 overloaded', { status: 529, message: 'Overloaded' }, ProviderOverloadedError, true],
];

describe('Chat Completions error bodies → typed errors', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it.each(CASES)('%s', async (_name, error, type, retryable) => {
    emulator.script([{ error }, { error }]);
    const provider = emulatedProvider(emulator);
    for (const e of [await failure(provider.complete(ask('x'))), await streamFailure(provider.stream(ask('x')))]) {
      expect(e).toBeInstanceOf(type);
      const chat = e as ChatError;
      expect(chat.status).toBe(error.status);
      expect(chat.provider).toBe('completions');
      expect(chat.isRetryable).toBe(retryable);
      expect(chat.providerMessage).toBeTruthy();
      if (error.code) expect(chat.code).toBe(error.code);
      if (error.message) expect(chat.message).toContain(error.message);
    }
  });

  it('Retry-After in seconds and as an HTTP date', async () => {
    const inFive = new Date(Date.now() + 5000).toUTCString();
    emulator.script([{ error: { status: 429, retryAfter: 12 } }, { error: { status: 429, headers: { 'retry-after': inFive } } }]);
    const provider = emulatedProvider(emulator);
    expect(((await failure(provider.complete(ask('x')))) as RateLimitError).retryAfterSeconds).toBe(12);
    const dated = (await failure(provider.complete(ask('x')))) as RateLimitError;
    expect(dated.retryAfterSeconds).toBeGreaterThan(2);
    expect(dated.retryAfterSeconds).toBeLessThanOrEqual(5);
  });

  it('reads odd error body shapes: {"detail"}, FastAPI detail lists, {"error": "text"}, top-level message, plain text', async () => {
    emulator.script([
      { error: { status: 401, body: { detail: 'Invalid API Key' } } },
      { error: { status: 422, body: { detail: [{ loc: ['body', 'model'], msg: 'field required' }] } } },
      { error: { status: 404, body: { error: 'model "llama9" not found, try pulling it first' } } },
      { error: { status: 400, body: { object: 'error', message: 'Prompt is too long', type: 'invalid_request_error', code: null } } },
      { error: { status: 500, body: 'upstream connect error or disconnect/reset before headers' } },
    ]);
    const provider = emulatedProvider(emulator);
    const errors = [];
    for (let i = 0; i < 5; i++) errors.push((await failure(provider.complete(ask('x')))) as ChatError);
    expect(errors[0]).toBeInstanceOf(AuthenticationError);
    expect(errors[0].providerMessage).toBe('Invalid API Key');
    expect(errors[1]).toBeInstanceOf(InvalidRequestError);
    expect(errors[1].providerMessage).toBe('field required');
    expect(errors[2]).toBeInstanceOf(InvalidRequestError);
    expect(errors[2].providerMessage).toContain('not found, try pulling it first');
    expect(errors[3]).toBeInstanceOf(ContextLengthExceededError);
    expect(errors[3].code).toBe('invalid_request_error');
    expect(errors[4]).toBeInstanceOf(ServerError);
    expect(errors[4].providerMessage).toContain('upstream connect error');
  });
});
