import { NdjsonParser } from '../../lib/transport/ndjson.parser';

function parse(chunks: Array<string | Buffer>): string[] {
  const out: string[] = [];
  const parser = new NdjsonParser((line) => out.push(line));
  for (const c of chunks) parser.push(c);
  parser.end();
  return out;
}

describe('NdjsonParser', () => {
  it('emits each non-empty line, trimmed, with LF and CRLF ends and a last line without one', () => {
    expect(parse(['{"a":1}\n\n  {"b":2}\r\n', '\r\n{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('gives the same lines however the bytes are cut: CRLF and multi-byte characters split across chunks', () => {
    const bytes = Buffer.from('{"t":"é"}\r\n{"t":"🌍"}\r\n{"t":"漢"}\n', 'utf8');
    const whole = parse([bytes]);
    expect(whole).toEqual(['{"t":"é"}', '{"t":"🌍"}', '{"t":"漢"}']);
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) expect(parse([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual(whole);
    }
    expect(parse([...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
  });

  it('one line of 4 MB in 64 KiB chunks arrives whole, once', () => {
    const big = 'y'.repeat(4 * 1024 * 1024);
    const bytes = Buffer.from(`{"done":false,"big":"${big}"}\n{"done":true}\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
    const lines = parse(chunks);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).big).toHaveLength(big.length);
    expect(lines[1]).toBe('{"done":true}');
  });
});
