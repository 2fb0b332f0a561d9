import { SseParser, type SseEvent } from '../../lib/transport/sse.parser';

function parse(chunks: Array<string | Buffer>): SseEvent[] {
  const out: SseEvent[] = [];
  const parser = new SseParser((e) => out.push(e));
  for (const c of chunks) parser.push(c);
  parser.end();
  return out;
}

describe('SseParser', () => {
  it('parses LF and CRLF framed events with event names', () => {
    expect(parse(['event: a\ndata: {"x":1}\n\n', 'data: 2\r\n\r\n'])).toEqual([
      { event: 'a', data: '{"x":1}' },
      { event: undefined, data: '2' },
    ]);
  });

  it('joins multi-line data and skips comments', () => {
    expect(parse([': keep-alive\n', 'data: a\ndata: b\n\n'])).toEqual([{ event: undefined, data: 'a\nb' }]);
  });

  it('handles a CRLF split across chunks and lone CR line ends', () => {
    expect(parse(['data: x\r', '\n\r', '\ndata: y\r\r'])).toEqual([
      { event: undefined, data: 'x' },
      { event: undefined, data: 'y' },
    ]);
  });

  it('handles a multi-byte UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('data: héllo 🌍\n\n', 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(parse(chunks)).toEqual([{ event: undefined, data: 'héllo 🌍' }]);
  });

  it('flushes a last event without a blank line, and keeps ids', () => {
    expect(parse(['id: 7\ndata: end'])).toEqual([{ event: undefined, data: 'end', id: '7' }]);
  });
});

/** Every way of cutting `bytes` into two or three chunks, plus one-byte chunks. */
function cuts(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [[...bytes].map((b) => Buffer.from([b]))];
  for (let i = 0; i <= bytes.length; i++) {
    out.push([bytes.subarray(0, i), bytes.subarray(i)]);
    for (let j = i; j <= bytes.length; j += 3) out.push([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
  }
  return out;
}

describe('SseParser at every chunk boundary', () => {
  it('CR, LF and CRLF line ends and multi-byte characters give the same events however the bytes are cut', () => {
    const body = Buffer.from('\uFEFFevent: é\r\ndata: 🌍 a\rdata: ü\n\r\n: note\rid: 9\r\ndata: 漢字\n\ndata: tail', 'utf8');
    const whole = parse([body]);
    expect(whole).toEqual([
      { event: 'é', data: '🌍 a\nü' },
      { event: undefined, data: '漢字', id: '9' },
      { event: undefined, data: 'tail', id: '9' },
    ]);
    for (const chunks of cuts(body)) expect(parse(chunks)).toEqual(whole);
  });

  it('a CR ending one chunk and an LF opening the next are one line end, not an empty line between', () => {
    // were the LF a second line end, the empty line would dispatch `a` alone, before `b`
    expect(parse(['data: a\r', '\ndata: b\n\n'])).toEqual([{ event: undefined, data: 'a\nb' }]);
    // an empty chunk between them changes nothing
    expect(parse(['data: a\r', '', Buffer.alloc(0), '\ndata: b\n\n'])).toEqual([{ event: undefined, data: 'a\nb' }]);
  });

  it('one event of 4 MB in 64 KiB chunks arrives whole, once', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const bytes = Buffer.from(`event: big\ndata: {"b64":"${big}"}\n\ndata: after\n\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
    const events = parse(chunks);
    expect(events).toHaveLength(2);
    expect(events[0].event).toBe('big');
    expect(JSON.parse(events[0].data).b64).toHaveLength(big.length);
    expect(events[1].data).toBe('after');
  });
});
