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
