import {
  AuthenticationError,
  ChatError,
  ContextLengthExceededError,
  InvalidRequestError,
  ProviderOverloadedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
  errorFromHttp,
  parseRetryAfter,
} from '../../lib/errors';

describe('errorFromHttp', () => {
  const map = (status: number, code?: string, message?: string, retryAfterSeconds?: number): ChatError =>
    errorFromHttp({ provider: 'p', status, code, message, retryAfterSeconds });

  it.each([
    [401, undefined, undefined, AuthenticationError, false],
    [403, undefined, undefined, AuthenticationError, false],
    [429, 'rate_limit_exceeded', 'Rate limit reached for requests per minute', RateLimitError, true],
    [429, 'insufficient_quota', 'You exceeded your current quota', QuotaExceededError, false],
    [529, 'overloaded_error', 'Overloaded', ProviderOverloadedError, true],
    [503, 'UNAVAILABLE', 'The model is overloaded.', ProviderOverloadedError, true],
    [500, undefined, 'boom', ServerError, true],
    [502, undefined, undefined, ServerError, true],
    [408, undefined, undefined, TimeoutError, true],
    [400, 'context_length_exceeded', "This model's maximum context length is 8192 tokens", ContextLengthExceededError, false],
    [400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum', ContextLengthExceededError, false],
    [400, 'invalid_request_error', 'temperature is not supported', InvalidRequestError, false],
  ])('maps %s %s to the right class', (status, code, message, type, retryable) => {
    const error = map(status, code, message);
    expect(error).toBeInstanceOf(type);
    expect(error.isRetryable).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('p');
  });

  it('keeps Retry-After on rate limits', () => {
    const error = map(429, undefined, 'slow down', 7) as RateLimitError;
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.toJSON()).toMatchObject({ retryAfterSeconds: 7, isRetryable: true });
  });

  it('keeps Retry-After on overloads (503/529) and server errors (5xx), on the base ChatError field', () => {
    for (const [status, type] of [[503, ProviderOverloadedError], [529, ProviderOverloadedError], [500, ServerError], [502, ServerError]] as const) {
      const error = map(status, undefined, 'Service is overloaded', 30);
      expect(error).toBeInstanceOf(type);
      expect(error.retryAfterSeconds).toBe(30);
      expect(error.toJSON()).toMatchObject({ retryAfterSeconds: 30 });
    }
    expect(map(500).toJSON()).not.toHaveProperty('retryAfterSeconds');
  });

  it('treats 409 as retryable', () => {
    expect(map(409).isRetryable).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('12')).toBe(12);
    expect(parseRetryAfter('1.5')).toBe(1.5);
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
