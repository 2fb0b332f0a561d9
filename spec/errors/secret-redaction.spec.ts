import { inspect } from 'node:util';
import { AuthenticationError, ChatError, NetworkError, redact, registerSecret } from '../../lib/errors';

describe('secret redaction', () => {
  const key = 'sk-test-SECRET-0123456789abcdef';
  beforeAll(() => registerSecret(key));

  it('removes registered secrets from messages, provider messages and every rendering', () => {
    const error = new AuthenticationError(`bad key ${key}`, { provider: 'p', status: 401, providerMessage: `Incorrect API key provided: ${key}` });
    const renderings = [error.message, error.providerMessage ?? '', String(error), JSON.stringify(error), inspect(error), error.stack ?? ''];
    for (const text of renderings) expect(text).not.toContain(key);
    expect(error.message).toContain('[REDACTED]');
  });

  it('removes bearer tokens and key headers it was never told about', () => {
    expect(redact('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [REDACTED]');
    expect(redact('{"x-api-key":"zzzzzzzzzzzzzzzz"}')).not.toContain('zzzzzzzzzzzzzzzz');
    expect(redact('https://h/v1?key=AIzaSECRET&alt=sse')).toBe('https://h/v1?key=[REDACTED]&alt=sse');
  });

  it('keeps the cause out of JSON and inspect output', () => {
    const cause = { config: { headers: { authorization: `Bearer ${key}` } } };
    const error = new NetworkError('connection reset', { provider: 'p', cause });
    expect(JSON.stringify(error)).not.toContain(key);
    expect(inspect(error, { depth: 10 })).not.toContain(key);
    expect(error).toBeInstanceOf(ChatError);
  });
});
