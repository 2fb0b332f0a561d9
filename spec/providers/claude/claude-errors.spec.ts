import { inspect } from 'node:util';
import { AuthenticationError } from '../../../lib/errors/authentication.error';
import { ChatError } from '../../../lib/errors/chat.error';
import { ContextLengthExceededError } from '../../../lib/errors/context-length-exceeded.error';
import { InvalidRequestError } from '../../../lib/errors/invalid-request.error';
import { InvalidResponseError } from '../../../lib/errors/invalid-response.error';
import { NetworkError } from '../../../lib/errors/network.error';
import { ProviderOverloadedError } from '../../../lib/errors/provider-overloaded.error';
import { QuotaExceededError } from '../../../lib/errors/quota-exceeded.error';
import { RateLimitError } from '../../../lib/errors/rate-limit.error';
import { ServerError } from '../../../lib/errors/server-error.error';
import { TimeoutError } from '../../../lib/errors/timeout.error';
import type { EmulatedReply } from '../../../lib/testing/emulator/emulator-script.types';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { CLAUDE_TEST_KEY, claudeOn, collect, newSession, rejection, user } from '../../support/claude-emulator';

type ErrorClass = abstract new (...args: never[]) => ChatError;

describe('Claude errors', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  async function failure(reply: EmulatedReply, mode: 'complete' | 'stream', idleTimeout?: number): Promise<ChatError> {
    const s = newSession();
    emulator.script([reply], s);
    const claude = claudeOn(emulator, s, (b) => (idleTimeout ? b.withIdleTimeout(idleTimeout) : b));
    const request = { messages: [user('x')] };
    const error = await rejection(mode === 'complete' ? claude.complete(request) : collect(claude.stream(request)));
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).provider).toBe('claude');
    return error as ChatError;
  }

  const cases: ReadonlyArray<[string, EmulatedReply['error'], ErrorClass, string | undefined]> = [
    ['401 authentication_error', { status: 401 }, AuthenticationError, 'authentication_error'],
    ['403 permission_error', { status: 403 }, AuthenticationError, 'permission_error'],
    ['429 rate_limit_error', { status: 429, retryAfter: 17 }, RateLimitError, 'rate_limit_error'],
    ['529 overloaded_error', { status: 529 }, ProviderOverloadedError, 'overloaded_error'],
    ['400 prompt is too long', { status: 400, message: 'prompt is too long: 213456 tokens > 200000 maximum' }, ContextLengthExceededError, 'invalid_request_error'],
    ['400 invalid_request_error', { status: 400, message: 'max_tokens: Field required' }, InvalidRequestError, 'invalid_request_error'],
    ['402 billing_error', { status: 402, message: 'Your credit balance is too low' }, QuotaExceededError, 'billing_error'],
    ['404 not_found_error', { status: 404, message: 'model: claude-nope' }, InvalidRequestError, 'not_found_error'],
    ['413 request_too_large', { status: 413, message: 'Request exceeds the maximum allowed number of bytes' }, InvalidRequestError, 'request_too_large'],
    ['500 api_error', { status: 500 }, ServerError, 'api_error'],
    ['504 timeout_error', { status: 504 }, TimeoutError, 'timeout_error'],
  ];

  describe.each(['complete', 'stream'] as const)('%s()', (mode) => {
    it.each(cases)('maps %s', async (_name, error, type, code) => {
      const e = await failure({ error }, mode);
      expect(e).toBeInstanceOf(type);
      expect(e.status).toBe(error!.status);
      expect(e.code).toBe(code);
      if (error!.message) expect(e.providerMessage).toBe(error!.message);
      if (error!.status === 429) expect((e as RateLimitError).retryAfterSeconds).toBe(17);
      if (error!.status === 529 || error!.status === 429) expect(e.isRetryable).toBe(true);
    });

    it('maps an HTML 502 page from a proxy to a ServerError', async () => {
      const e = await failure({ fault: 'html-502' }, mode);
      expect(e).toBeInstanceOf(ServerError);
      expect(e.message).toContain('502 Bad Gateway');
    });

    it('maps a connection reset before the answer to a NetworkError', async () => {
      expect(await failure({ fault: 'reset-before' }, mode)).toBeInstanceOf(NetworkError);
    });
  });

  it('maps a truncated or empty JSON body to an InvalidResponseError that is not retried (the answer arrived)', async () => {
    for (const fault of ['truncate', 'empty'] as const) {
      const e = await failure({ text: 'a fairly long answer that gets cut', fault }, 'complete');
      expect(e).toBeInstanceOf(InvalidResponseError);
      expect(e.isRetryable).toBe(false);
    }
  });

  it('ends a stream reset mid-answer with a NetworkError', async () => {
    const e = await failure({ text: 'one two three four five six', fault: 'reset-mid', afterChunks: 4 }, 'stream');
    expect(e).toBeInstanceOf(NetworkError);
  });

  it('ends a stalled stream with an idle TimeoutError', async () => {
    const started = Date.now();
    const e = await failure({ text: 'one two three four', fault: 'stall-mid', afterChunks: 3 }, 'stream', 150);
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).kind).toBe('idle');
    expect(Date.now() - started).toBeLessThan(5000);
    const before = await failure({ text: 'never sent', fault: 'stall-before' }, 'stream', 150);
    expect(before).toBeInstanceOf(TimeoutError);
  });

  it('ends a stream with a malformed event with an InvalidResponseError', async () => {
    const e = await failure({ text: 'one two three', fault: 'malformed', afterChunks: 3 }, 'stream');
    expect(e).toBeInstanceOf(InvalidResponseError);
    expect(e.message).toContain('claude');
  });

  it('never shows the API key in messages, JSON or inspect output, even when the server echoes it', async () => {
    const echoed = `invalid x-api-key: ${CLAUDE_TEST_KEY}`;
    for (const mode of ['complete', 'stream'] as const) {
      const e = await failure({ error: { status: 401, message: echoed } }, mode);
      for (const shown of [e.message, e.providerMessage ?? '', JSON.stringify(e), inspect(e, { depth: 10 }), String(e.stack)]) {
        expect(shown).not.toContain(CLAUDE_TEST_KEY);
      }
      expect(e.providerMessage).toContain('[REDACTED]');
    }
  });
});
