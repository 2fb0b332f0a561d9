import { cutPoints, eventEnds, MAX_CUTS_PER_STREAM, rechunk, seededRandom, seedOf } from '../support/untidy-replay';

/** The pieces the untidy replays of every conformance suite are made of. */
describe('untidy replay helper', () => {
  const sse = 'event: a\ndata: {"t":"héllo"}\n\ndata: {"t":"wörld €"}\r\n\r\ndata: [DONE]\n\n';

  it('re-chunks the same way for the same seed, keeps every byte, and cuts a multi-byte character and a CRLF', () => {
    const bytes = Buffer.from(sse, 'utf8');
    const a = rechunk(bytes, seededRandom(seedOf('x')));
    const b = rechunk(bytes, seededRandom(seedOf('x')));
    expect(a.map((p) => p.toString('hex'))).toEqual(b.map((p) => p.toString('hex')));
    expect(Buffer.concat(a).equals(bytes)).toBe(true);
    const ends = a.slice(0, -1).map((_, i) => a.slice(0, i + 1).reduce((n, p) => n + p.length, 0));
    const firstMultiByte = bytes.findIndex((x) => x >= 0xc0);
    expect(ends).toContain(firstMultiByte + 1);
    expect(ends).toContain(bytes.indexOf('\r\n') + 1);
    expect(rechunk(bytes, seededRandom(1)).map((p) => p.length)).not.toEqual(rechunk(bytes, seededRandom(2)).map((p) => p.length));
  });

  it('finds the end of each SSE event (LF and CRLF) and of each NDJSON line, never the end of the body', () => {
    const bytes = Buffer.from(sse, 'utf8');
    const ends = eventEnds(bytes, 'sse');
    expect(ends.map((end) => bytes.subarray(0, end).toString('utf8'))).toEqual([
      'event: a\ndata: {"t":"héllo"}\n\n',
      'event: a\ndata: {"t":"héllo"}\n\ndata: {"t":"wörld €"}\r\n\r\n',
    ]);
    expect(eventEnds(Buffer.from('{"a":1}\n{"b":2}\n{"c":3}\n'), 'ndjson')).toEqual([8, 16]);
  });

  it('cuts everywhere on short streams and at a bounded, reproducible sample on long ones', () => {
    const short = [10, 20, 30];
    expect(cutPoints(short, seededRandom(1))).toEqual([0, 10, 20, 30]);
    const long = Array.from({ length: 3000 }, (_, i) => (i + 1) * 10);
    const picked = cutPoints(long, seededRandom(7));
    expect(picked).toHaveLength(MAX_CUTS_PER_STREAM);
    expect(picked.slice(0, 8)).toEqual([0, ...long.slice(0, 7)]);
    expect(picked.slice(-8)).toEqual(long.slice(-8));
    expect(cutPoints(long, seededRandom(7))).toEqual(picked);
  });
});
