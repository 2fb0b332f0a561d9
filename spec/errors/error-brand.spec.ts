import { inspect } from 'node:util';
import { ChatBuilder } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import * as errors from '../../lib/errors';
import { AbortedError, AuthenticationError, ChatError, isChatError, NetworkError, PythonToolError, RateLimitError, ServerError } from '../../lib/errors';
import { isProviderFailure } from '../../lib/nest/chat-health';
import { shouldRetry } from '../../lib/retry';
import { RouterBuilder } from '../../lib/router';
import { ScriptedProvider } from '../support/scripted.provider';

/** A second, separately loaded copy of lib/errors: what a second installed copy of chat-ts is to this one. */
function otherCopy(): typeof errors {
  let copy: typeof errors | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof errors>('../../lib/errors');
  });
  if (!copy) throw new Error('the second copy did not load');
  return copy;
}

const other = otherCopy();
const policy = { maxAttempts: 3, backoff: { initialMs: 1, maxMs: 1, multiplier: 1, jitter: false } } as never;

describe('chat-ts error brand and guards', () => {
  it('the second copy really is another copy (instanceof fails across it)', () => {
    expect(other.RateLimitError).not.toBe(RateLimitError);
    expect(new other.RateLimitError('slow down') instanceof RateLimitError).toBe(false);
    expect(new other.RateLimitError('slow down') instanceof ChatError).toBe(false);
  });

  it('isChatError recognises errors of this copy and of another, and nothing else', () => {
    expect(isChatError(new RateLimitError('x'))).toBe(true);
    expect(isChatError(new other.NetworkError('x'))).toBe(true);
    expect(other.isChatError(new ServerError('x'))).toBe(true);
    for (const value of [new Error('x'), new TypeError('x'), { name: 'ChatError', isRetryable: true }, null, undefined, 'ChatError', 42]) {
      expect(isChatError(value)).toBe(false);
    }
  });

  it('Class.is() holds for the class and its subclasses, across copies', () => {
    class AppRateLimit extends RateLimitError {}
    expect(RateLimitError.is(new other.RateLimitError('x'))).toBe(true);
    expect(other.RateLimitError.is(new RateLimitError('x'))).toBe(true);
    expect(other.RateLimitError.is(new AppRateLimit('x'))).toBe(true);
    expect(ChatError.is(new other.PythonToolError('x', { toolName: 't', exceptionType: 'ValueError', exceptionMessage: 'x' }))).toBe(true);
    expect(PythonToolError.is(new other.PythonToolError('x', { toolName: 't', exceptionType: 'ValueError', exceptionMessage: 'x' }))).toBe(true);
    expect(RateLimitError.is(new other.NetworkError('x'))).toBe(false);
    expect(RateLimitError.is(new other.ChatError('x'))).toBe(false);
    expect(NetworkError.is(new Error('x'))).toBe(false);
    expect(AppRateLimit.is(new RateLimitError('x'))).toBe(false);
  });

  it('the brand is invisible: not in keys, JSON or inspect', () => {
    const error = new RateLimitError('slow down', { provider: 'p', status: 429 });
    expect(Object.keys(error)).not.toContain(String(Symbol.for('chat-ts.error')));
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(JSON.stringify(error)).not.toContain('chat-ts.error');
    expect(inspect(error)).toBe('RateLimitError: slow down [p 429]');
  });

  it('retry treats a foreign copy’s errors by their class: retries a rate limit, never an abort', () => {
    expect(shouldRetry(policy, new other.RateLimitError('x'), 1)).toBe(true);
    expect(shouldRetry(policy, new other.AuthenticationError('x'), 1)).toBe(false);
    expect(shouldRetry(policy, new other.AbortedError('x', { retryable: true }), 1)).toBe(false);
    expect(shouldRetry(policy, new other.CallbackError('x', { retryable: true }), 1)).toBe(false);
  });

  it('the Nest health tracker counts a foreign copy’s provider failures', () => {
    expect(isProviderFailure(new other.NetworkError('x'))).toBe(true);
    expect(isProviderFailure(new other.AbortedError('x'))).toBe(false);
    expect(isProviderFailure(new AuthenticationError('x'))).toBe(true);
  });

  it('the router falls back on a foreign copy’s retryable error and keeps it as it was thrown', async () => {
    const failing = new other.ServerError('a is down', { provider: 'a', status: 500 });
    const a = new ScriptedProvider([{ error: failing }], { id: 'a' });
    const b = new ScriptedProvider([{ text: 'from b' }], { id: 'b' });
    const router = new RouterBuilder().addProvider(a, { name: 'a' }).addProvider(b, { name: 'b' }).build();
    const reply = await new ChatBuilder().withModel(router).build().complete(Messages.fromUser('hi'));
    expect(reply.text).toBe('from b');

    const c = new ScriptedProvider([{ error: new other.AuthenticationError('bad key', { provider: 'c', status: 401 }) }], { id: 'c' });
    const d = new ScriptedProvider([{ text: 'never' }], { id: 'd' });
    const strict = new RouterBuilder().addProvider(c, { name: 'c' }).addProvider(d, { name: 'd' }).build();
    const error = await new ChatBuilder().withModel(strict).build().complete(Messages.fromUser('hi')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(other.AuthenticationError);
    expect(d.calls).toHaveLength(0);
    expect(AbortedError.is(error)).toBe(false);
  });
});
