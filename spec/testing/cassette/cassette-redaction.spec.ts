import { encodeBody } from '../../../lib/testing/cassette/cassette.body';
import { headersToRecord, queryToRecord, redactFields, removeFields, scrubSecrets, secretValuesOf } from '../../../lib/testing/cassette/cassette.redaction';

describe('cassettes: what is never written', () => {
  it('keeps only the headers that matter, and never a credential even when asked to keep it', () => {
    const headers = {
      authorization: 'Bearer sk-1',
      'x-api-key': 'k',
      'x-goog-api-key': 'g',
      'api-key': 'azure',
      'x-amz-security-token': 't',
      'x-amz-date': '20260101T000000Z',
      cookie: 'c',
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'user-agent': 'sdk',
    };
    expect(headersToRecord(headers, 'request', ['authorization', 'user-agent'])).toEqual({ 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'user-agent': 'sdk' });
    expect(headersToRecord({ 'retry-after': '3', 'x-ratelimit-remaining-requests': '9', 'set-cookie': 's', server: 'x' }, 'response')).toEqual({ 'retry-after': '3', 'x-ratelimit-remaining-requests': '9' });
  });

  it('drops keys and signatures from the query, and finds the secret values to scrub (bearer tokens, AWS SigV4 parts, URL keys)', () => {
    const query = new URLSearchParams('alt=sse&key=AIzaSECRETKEY123&X-Amz-Signature=abcdef0123456789');
    expect(queryToRecord(query)).toEqual({ alt: 'sse' });
    const aws = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE123/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0123456789abcdef0123';
    const values = secretValuesOf({ authorization: aws, 'x-api-key': 'sk-ant-abcdef', 'content-type': 'json' }, query);
    expect(values).toEqual(expect.arrayContaining([aws, 'AKIAEXAMPLE123/20260101/us-east-1/bedrock/aws4_request', '0123456789abcdef0123', 'sk-ant-abcdef', 'AIzaSECRETKEY123', 'abcdef0123456789']));
    expect(values).not.toContain('json');
  });

  it('scrubs whole secrets and any 12-character piece of one (providers echo keys partly), in JSON, text and stream bodies', () => {
    const key = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    expect(scrubSecrets(`Incorrect API key provided: ${key}.`, [key])).toBe('Incorrect API key provided: [REDACTED].');
    expect(scrubSecrets('key sk-proj-ABCDEFGH****WXYZ', [key])).not.toContain('sk-proj-ABCD');
    expect(encodeBody(Buffer.from(JSON.stringify({ error: { message: `bad ${key}` } })), { secrets: [key] })).toEqual({ json: { error: { message: 'bad [REDACTED]' } } });
    expect(encodeBody(Buffer.from(`data: ${key}\n\n`), { secrets: [key] }, false)).toEqual({ text: 'data: [REDACTED]\n\n' });
    expect(encodeBody(Buffer.from([0xff, 0x00, 0xfe]), { secrets: [] })).toEqual({ base64: Buffer.from([0xff, 0x00, 0xfe]).toString('base64') });
  });

  it('redacts configured body fields, with * over arrays and objects', () => {
    const body = { user: 'alice', metadata: { user_id: 'u1', keep: 1 }, messages: [{ name: 'bob', content: 'hi' }, { name: 'eve', content: 'yo' }] };
    expect(redactFields(body, ['user', 'metadata.user_id', 'messages.*.name'])).toEqual({
      user: '[REDACTED]',
      metadata: { user_id: '[REDACTED]', keep: 1 },
      messages: [{ name: '[REDACTED]', content: 'hi' }, { name: '[REDACTED]', content: 'yo' }],
    });
    expect(removeFields(body, ['metadata', 'messages.*.content'])).toEqual({ user: 'alice', messages: [{ name: 'bob' }, { name: 'eve' }] });
  });
});
