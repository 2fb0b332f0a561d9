/**
 * Text that arrives in pieces (stream deltas), kept as a list and joined when read. Appending
 * with `+=` builds a rope of one node per piece, two to three times the memory of this list on
 * long streams, held for as long as the stream is open. The first few dozen characters are
 * joined at once (an array costs more than a short text); every 512 pieces after them are joined
 * into one string, so a long stream holds a few flat strings rather than thousands of small ones
 * for the garbage collector to trace and copy.
 */
export class TextAccumulator {
  private pieces: string[] | undefined;
  private joined = '';

  /** Adds a piece (empty pieces are ignored). */
  append(piece: string): void {
    if (piece.length === 0) return;
    const pieces = this.pieces;
    if (pieces !== undefined) {
      if (pieces.push(piece) >= FLUSH_AT) this.flush();
    } else if (this.joined.length < JOIN_BELOW) this.joined += piece;
    else this.pieces = [piece];
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
    this.flush();
    return this.joined;
  }

  private flush(): void {
    if (this.pieces === undefined) return;
    this.joined += this.pieces.join('');
    this.pieces = undefined;
  }
}

/** Pieces joined into one string at a time. */
const FLUSH_AT = 512;
/**
 * Text shorter than this is joined as pieces arrive. Each `+=` of a piece costs a 32-byte rope
 * node against an 8-byte list slot, so the list pays for itself after about six pieces (a
 * streamed token is a few characters): joining up to 256 characters held some 2 KB of rope per
 * stream, twice (the provider's copy and the engine's partial step).
 */
const JOIN_BELOW = 32;
