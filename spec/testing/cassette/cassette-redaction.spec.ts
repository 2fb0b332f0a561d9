import { encodeBody } from '../../../lib/testing/cassette/cassette.body';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { encodeEventStream } from '../../../lib/testing/cassette/cassette-eventstream.redaction';
import { encodeStream } from '../../../lib/testing/cassette/cassette-stream.redaction';
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
    expect(encodeStream([{ delayMs: 0, bytes: Buffer.from(`data: ${key}\n\n`) }], { secrets: [key] })).toEqual([{ delayMs: 0, text: 'data: [REDACTED]\n\n' }]);
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

  describe('inside streams and JSON Lines', () => {
    const cut = (text: string, ...at: number[]) => [0, ...at].map((from, i) => ({ delayMs: i * 10, bytes: Buffer.from(text.slice(from, at[i] ?? text.length)) }));
    const sse = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_PRIVATE123","model":"m"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"Hi"}}\n\n',
      'data: [DONE]\n\n',
    ].join('');

    it('redacts configured fields in SSE data lines, even when the network split the line, and keeps the other chunk boundaries and delays', () => {
      const split = sse.indexOf('PRIVATE');
      const second = sse.indexOf('event: content_block_delta');
      const chunks = encodeStream(cut(sse, split, second, sse.indexOf('data: [DONE]')), { secrets: [], fields: ['message.id'] });
      const text = chunks.map((c) => c.text).join('');
      expect(text).not.toContain('PRIVATE');
      expect(text).toBe(sse.replace('msg_PRIVATE123', '[REDACTED]'));
      // the boundary inside the redacted line moved to its end; the chunk after it starts where it did
      expect(chunks.map((c) => c.text!.slice(0, 12))).toEqual(['event: messa', '\n', 'event: conte', 'data: [DONE]']);
      expect(chunks.map((c) => c.delayMs)).toEqual([0, 10, 20, 30]);
      expect(encodeStream(cut(sse, second), { secrets: [], fields: ['nothing.here'] }).map((c) => c.text)).toEqual([sse.slice(0, second), sse.slice(second)]);
    });

    it('redacts fields in NDJSON lines (Ollama) and JSON Lines bodies, and scrubs a secret the network split into pieces too short to recognise alone', () => {
      const ndjson = '{"model":"gemma3","message":{"content":"a"},"done":false}\n{"model":"gemma3","done":true,"context":[1,2]}\n';
      const chunks = encodeStream(cut(ndjson, 20, 70), { secrets: [], fields: ['model', 'context'] });
      expect(chunks.map((c) => c.text).join('')).toBe('{"model":"[REDACTED]","message":{"content":"a"},"done":false}\n{"model":"[REDACTED]","done":true,"context":"[REDACTED]"}\n');
      expect(encodeBody(Buffer.from(ndjson), { secrets: [], fields: ['model'] }).text).not.toContain('gemma3');
      const key = 'sk-split-0123456789abcdef';
      const echoed = `data: {"error":"bad key ${key}"}\n\n`;
      const at = echoed.indexOf(key) + 10;
      const scrubbed = encodeStream(cut(echoed, at), { secrets: [key] });
      expect(scrubbed.map((c) => c.text).join('')).toBe('data: {"error":"bad key [REDACTED]"}\n\n');
      expect(scrubbed.map((c) => c.text).join('')).not.toContain(key.slice(0, 6));
    });

    it('keeps a multi-byte character whole when the network split it, and binary streams as base64', () => {
      const text = 'data: {"t":"héllo"}\n\n';
      const bytes = Buffer.from(text);
      const inside = bytes.indexOf(0xa9);
      const chunks = encodeStream([{ delayMs: 0, bytes: bytes.subarray(0, inside) }, { delayMs: 5, bytes: bytes.subarray(inside) }], { secrets: [] });
      expect(chunks.map((c) => c.text).join('')).toBe(text);
      expect(chunks.every((c) => c.text !== undefined)).toBe(true);
      expect(encodeStream([{ delayMs: 0, bytes: Buffer.from([0, 0, 0, 0x20, 0xff]) }], { secrets: [] })).toEqual([{ delayMs: 0, base64: Buffer.from([0, 0, 0, 0x20, 0xff]).toString('base64') }]);
    });
  
    it('rewrites AWS event-stream frames (Bedrock) whose JSON payload holds a redacted field or a secret, with valid CRCs, keeping the other frames byte for byte', () => {
      const codec = new EventStreamCodec(toUtf8, fromUtf8);
      const str = (value: string) => ({ type: 'string' as const, value });
      const event = (type: string, payload: object) => Buffer.from(codec.encode({ headers: { ':event-type': str(type), ':content-type': str('application/json'), ':message-type': str('event') }, body: fromUtf8(JSON.stringify(payload)) }));
      const key = 'ABSKsecretbedrockkey0123456789';
      const frames = [
        event('messageStart', { role: 'assistant', p: 'abcdefghijk' }),
        event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }),
        event('metadata', { usage: { inputTokens: 3 }, metrics: { latencyMs: 987 }, echo: `key ${key}` }),
      ];
      const bytes = Buffer.concat(frames);
      // cut inside the first frame, between frames 2 and 3, and inside the third
      const cuts = [10, frames[0].length + frames[1].length, bytes.length - 20];
      const chunks = [0, ...cuts].map((from, i) => ({ delayMs: i, bytes: bytes.subarray(from, cuts[i] ?? bytes.length) }));
      const out = encodeEventStream(chunks, { secrets: [key], fields: ['p', 'metrics.latencyMs'] });
      const cleaned = Buffer.concat(out.map((c) => Buffer.from(c.base64!, 'base64')));
      const decoded: Array<{ type: unknown; body: Record<string, unknown> }> = [];
      for (let at = 0; at < cleaned.length; at += cleaned.readUInt32BE(at)) {
        const message = codec.decode(cleaned.subarray(at, at + cleaned.readUInt32BE(at)));
        decoded.push({ type: message.headers[':event-type'].value, body: JSON.parse(toUtf8(message.body)) as Record<string, unknown> });
      }
      expect(decoded).toEqual([
        { type: 'messageStart', body: { role: 'assistant', p: '[REDACTED]' } },
        { type: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { text: 'Hi' } } },
        { type: 'metadata', body: { usage: { inputTokens: 3 }, metrics: { latencyMs: '[REDACTED]' }, echo: 'key [REDACTED]' } },
      ]);
      expect(cleaned.includes(frames[1])).toBe(true);
      expect(cleaned.toString('latin1')).not.toContain('ABSKsecret');
      // cuts inside changed frames moved to their ends; the one between frames stayed: frames 1, 2, then 3 whole
      expect(out.map((c) => Buffer.from(c.base64!, 'base64').length)).toEqual([cleaned.indexOf(frames[1]), frames[1].length, cleaned.length - cleaned.indexOf(frames[1]) - frames[1].length]);
      expect(out.map((c) => c.delayMs)).toEqual([0, 1, 2]);
    });
  });
});
