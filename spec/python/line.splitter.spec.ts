import { LineSplitter } from '../../lib/python/line.splitter';

function split(chunks: string[]): string[] {
  const out: string[] = [];
  const splitter = new LineSplitter((line) => out.push(line));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return out;
}

describe('LineSplitter (the Python host protocol and stderr)', () => {
  it('gives the same lines at every pair of cuts, LF and CRLF ends, a last line without one', () => {
    const text = '{"id":1}\r\n{"id":2}\n\nlast';
    const expected = ['{"id":1}', '{"id":2}', '', 'last'];
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) expect(split([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(expected);
    }
  });

  it('a line carried by many reads is emitted once, whole', () => {
    const pieces = Array.from({ length: 2000 }, (_, i) => `${i};`);
    expect(split([...pieces, '\n', 'next\n'])).toEqual([pieces.join(''), 'next']);
  });
});
