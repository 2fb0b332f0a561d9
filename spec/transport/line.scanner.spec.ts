import { LineScanner } from '../../lib/transport/line.scanner';

function scan(chunks: string[], crIsLineEnd: boolean): string[] {
  const out: string[] = [];
  const scanner = new LineScanner((line) => out.push(line), crIsLineEnd);
  for (const c of chunks) scanner.push(c);
  scanner.end();
  return out;
}

/** A plain reference: the whole text split at once. */
function reference(text: string, crIsLineEnd: boolean): string[] {
  const lines = text.split(crIsLineEnd ? /\r\n|\r|\n/ : /\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

describe('LineScanner', () => {
  const text = 'a\r\nb\rc\n\nd\r\r\ne\r';

  it.each([true, false])('splits as the whole text would, at every pair of cuts (CR a line end: %s)', (crIsLineEnd) => {
    const expected = reference(text, crIsLineEnd);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        expect(scan([text.slice(0, i), text.slice(i, j), text.slice(j)], crIsLineEnd)).toEqual(expected);
      }
    }
  });

  it('a lone CR is a line end for SSE; for NDJSON it stays in the line unless an LF follows', () => {
    expect(scan(['x\ry\n'], true)).toEqual(['x', 'y']);
    expect(scan(['x\ry\n'], false)).toEqual(['x\ry']);
    expect(scan(['x\r', '\ny'], false)).toEqual(['x', 'y']);
  });

  it('a line carried by many chunks is emitted once, whole', () => {
    const pieces = Array.from({ length: 1000 }, (_, i) => `${i},`);
    expect(scan([...pieces, '\nend'], true)).toEqual([pieces.join(''), 'end']);
  });
});
