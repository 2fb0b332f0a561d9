import type { ContentPiece } from './completions-content.reader';

const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

/**
 * Splits `<think>…</think>` spans out of streamed text (DeepSeek-R1 and similar models put their
 * reasoning inline). Tags split across chunks are held back until they can be told apart.
 *
 * @example
 * const s = new ThinkTagSplitter();
 * [...s.push('<thi'), ...s.push('nk>hmm</think>Hi'), ...s.end()]
 * // [{ kind: 'reasoning', text: 'hmm' }, { kind: 'text', text: 'Hi' }]
 */
export class ThinkTagSplitter {
  private inside = false;
  private pending = '';

  /** Feeds text; returns the pieces that are certain so far. */
  push(text: string): ContentPiece[] {
    let buffer = this.pending + text;
    this.pending = '';
    const out: ContentPiece[] = [];
    for (;;) {
      const tag = this.inside ? CLOSE : OPEN;
      const at = buffer.indexOf(tag);
      if (at === -1) {
        const keep = partialTagLength(buffer, tag);
        this.emit(out, buffer.slice(0, buffer.length - keep));
        this.pending = buffer.slice(buffer.length - keep);
        return out;
      }
      this.emit(out, buffer.slice(0, at));
      buffer = buffer.slice(at + tag.length);
      this.inside = !this.inside;
    }
  }

  /** Flushes held-back text. */
  end(): ContentPiece[] {
    const out: ContentPiece[] = [];
    this.emit(out, this.pending);
    this.pending = '';
    return out;
  }

  private emit(out: ContentPiece[], text: string): void {
    if (text) out.push({ kind: this.inside ? 'reasoning' : 'text', text });
  }
}
