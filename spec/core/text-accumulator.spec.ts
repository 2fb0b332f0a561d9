import { TextAccumulator } from '../../lib/core/text-accumulator';

describe('TextAccumulator', () => {
  it('joins pieces in order, reads repeatedly, keeps appending after a read, and clears', () => {
    const text = new TextAccumulator();
    expect(text.isEmpty).toBe(true);
    text.append('');
    expect(text.isEmpty).toBe(true);
    for (const piece of ['The', ' quick', ' brown']) text.append(piece);
    expect(text.isEmpty).toBe(false);
    expect(text.toString()).toBe('The quick brown');
    expect(text.toString()).toBe('The quick brown');
    text.append(' fox');
    expect(`${text}`).toBe('The quick brown fox');
    text.clear();
    expect(text.isEmpty).toBe(true);
    expect(text.toString()).toBe('');
  });
});
