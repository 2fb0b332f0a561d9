/**
 * A stream the shared sweep watches: when it has been quiet for `idleMs` since `lastActivity`,
 * or `deadlineAt` (epoch ms) has passed, the sweep calls `expire` once and stops watching it.
 */
export interface SweptStream {
  /** Epoch ms of the last byte received (the stream updates it). */
  lastActivity: number;
  readonly idleMs: number;
  /** Epoch ms by which the response headers must have arrived; `Infinity` once they have. */
  deadlineAt: number;
  expire(kind: 'idle' | 'request'): void;
}

/**
 * One timer for every open stream on the system clock, instead of an idle timer and a request
 * timer per stream: it fires when the earliest stream could expire, expires the streams that are
 * due, and re-arms for the next. Activity only moves `lastActivity` forward, so it never needs to
 * re-arm the timer; the timer is unref'd (the streams' sockets keep the process alive).
 */
/** The longest delay `setTimeout` accepts. */
const MAX_DELAY_MS = 2 ** 31 - 1;

class IdleSweep {
  private readonly watched = new Set<SweptStream>();
  private timer?: NodeJS.Timeout;
  private dueAt = Infinity;

  watch(stream: SweptStream): void {
    this.watched.add(stream);
    this.arm(Math.min(stream.lastActivity + stream.idleMs, stream.deadlineAt));
  }

  unwatch(stream: SweptStream): void {
    this.watched.delete(stream);
    if (this.watched.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.dueAt = Infinity;
    }
  }

  private arm(at: number): void {
    if (at >= this.dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    // setTimeout takes at most 2^31-1 ms (longer fires at once): a far expiry is re-checked then
    this.timer = setTimeout(() => this.sweep(), Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())));
    this.timer.unref();
  }

  private sweep(): void {
    this.timer = undefined;
    this.dueAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const stream of this.watched) {
      const idleAt = stream.lastActivity + stream.idleMs;
      if (now >= Math.min(idleAt, stream.deadlineAt)) {
        const kind = stream.deadlineAt <= idleAt ? 'request' : 'idle';
        this.watched.delete(stream);
        stream.expire(kind);
      } else next = Math.min(next, idleAt, stream.deadlineAt);
    }
    if (next < Infinity) this.arm(next);
  }
}

/** The process-wide sweep of streams timed by the system clock. */
export const idleSweep = new IdleSweep();
