/**
 * Text that arrives in pieces (stream deltas), kept as a list and joined when read. Appending
 * with `+=` builds a rope of one node per piece, two to three times the memory of this list on
 * long streams, held for as long as the stream is open.
 */
export class TextAccumulator {
  private pieces: string[] | undefined;
  private joined = '';

  /** Adds a piece (empty pieces are ignored). */
  append(piece: string): void {
    if (piece.length > 0) (this.pieces ??= []).push(piece);
  }

  /** True until a non-empty piece arrives. */
  get isEmpty(): boolean {
    return this.pieces === undefined && this.joined.length === 0;
  }

  /** Forgets everything. */
  clear(): void {
    this.pieces = undefined;
    this.joined = '';
  }

  /** The whole text so far. */
  toString(): string {
    if (this.pieces) {
      this.joined += this.pieces.join('');
      this.pieces = undefined;
    }
    return this.joined;
  }
}
