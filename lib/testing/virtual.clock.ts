import type { Clock } from '../core/clock.types';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/**
 * A {@link Clock} whose time moves only when a test says so: `advance(ms)` runs every timer that
 * falls due, in time order, and resolves the sleeps that end. Nothing waits for real time.
 *
 * @example
 * const clock = new VirtualClock();
 * const chat = new ChatBuilder().withModel(p).withClock(clock).build();
 * const done = clock.sleep(5_000);
 * await clock.advanceAsync(5_000); // `done` resolves
 */
export class VirtualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  /** @param start epoch milliseconds at which the clock starts (default 2025-01-01T00:00:00Z). */
  constructor(start = Date.UTC(2025, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer: Timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.setTimer(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Timers not yet run. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running due timers in order (timers they schedule inside the window run too). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) {
      this.current = Math.max(this.current, timer.at);
      this.timers = this.timers.filter((t) => t !== timer);
      timer.fn();
    }
    this.current = target;
  }

  /** Like `advance`, but lets promise callbacks run after each timer, so chains of sleeps progress. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushMicrotasks();
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) {
      this.current = Math.max(this.current, timer.at);
      this.timers = this.timers.filter((t) => t !== timer);
      timer.fn();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Sets the time (forward only) without running timers past it first: same as `advance(time - now())`. */
  setTime(time: number): void {
    if (time < this.current) throw new RangeError(`VirtualClock cannot go back from ${this.current} to ${time}`);
    this.advance(time - this.current);
  }

  private nextDue(target: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.at <= target && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) best = t;
    }
    return best;
  }
}

async function flushMicrotasks(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}
