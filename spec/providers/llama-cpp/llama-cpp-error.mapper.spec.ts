import { AbortedError, ConfigurationError, ContextLengthExceededError, ServerError, TimeoutError } from '../../../lib/errors';
import { shorten } from '../../../lib/providers/llama-cpp/llama-cpp-embedding';
import { toChatError } from '../../../lib/providers/llama-cpp/llama-cpp-error.mapper';

describe('toChatError (node-llama-cpp failures → typed errors)', () => {
  it('keeps chat-ts errors as they are', () => {
    const timeout = new TimeoutError('slow');
    expect(toChatError(timeout)).toBe(timeout);
  });

  it('maps context overflow, disposal, aborts and memory by duck typing (errors may come from another realm)', () => {
    const overflow = toChatError({ name: 'Error', message: 'The default context shift strategy did not return a history that fits the context size' });
    expect(overflow).toBeInstanceOf(ContextLengthExceededError);
    expect(toChatError({ name: 'Error', message: 'Input is longer than the usable context size.' })).toBeInstanceOf(ContextLengthExceededError);
    expect(toChatError({ name: 'DisposedError', message: 'Object is disposed' })).toMatchObject({ code: 'disposed' });
    expect(toChatError({ name: 'DisposedError', message: 'Object is disposed' })).toBeInstanceOf(ConfigurationError);
    expect(toChatError({ name: 'AbortError', message: 'aborted' })).toBeInstanceOf(AbortedError);
    expect(toChatError({ name: 'InsufficientMemoryError', message: 'no VRAM' })).toMatchObject({ code: 'insufficient-memory', isRetryable: false });
  });

  it('anything else is a non-retryable ServerError carrying the original message', () => {
    const error = toChatError(new TypeError('boom'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ provider: 'llama-cpp', providerMessage: 'boom', isRetryable: false });
    expect(toChatError('plain string')).toBeInstanceOf(ServerError);
  });
});

describe('shorten (embedding dimensions)', () => {
  it('keeps the first values rescaled to unit length, or the vector as is', () => {
    const vector = Float32Array.from([3, 4, 12]);
    expect(Array.from(shorten(vector, 2))).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(shorten(vector, undefined)).toBe(vector);
    expect(shorten(vector, 3)).toBe(vector);
  });
});
