import type { Clock } from './clock.types';
import type { CounterConsumeResult, CounterStore, CounterValue } from './counter-store.types';
import { systemClock } from './system.clock';

interface Counter {
  total: number;
  endsAt: number;
}

/**
 * The single-process {@link CounterStore}: counters in a `Map`, windows on a `Clock`.
 *
 * @example
 * const counters = new MemoryCounterStore();
 * await counters.consume('requests', 1, 100, 60_000); // { allowed: true, total: 1, resetInMs: 60000 }
 */
export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly clock: Clock = systemClock) {}

  add(key: string, amount: number, windowMs?: number): Promise<CounterValue> {
    const c = this.live(key, windowMs);
    c.total += amount;
    return Promise.resolve(this.value(c));
  }

  consume(key: string, amount: number, limit: number, windowMs?: number): Promise<CounterConsumeResult> {
    const c = this.live(key, windowMs);
    const allowed = c.total + amount <= limit;
    if (allowed) c.total += amount;
    return Promise.resolve({ ...this.value(c), allowed });
  }

  get(key: string): Promise<CounterValue> {
    const c = this.counters.get(key);
    return Promise.resolve(c && c.endsAt > this.clock.now() ? this.value(c) : { total: 0, resetInMs: 0 });
  }

  reset(key: string): Promise<void> {
    this.counters.delete(key);
    return Promise.resolve();
  }

  /** The key's counter, a fresh one when its window ended. */
  private live(key: string, windowMs: number | undefined): Counter {
    const now = this.clock.now();
    let c = this.counters.get(key);
    if (!c || c.endsAt <= now) this.counters.set(key, (c = { total: 0, endsAt: windowMs === undefined ? Infinity : now + windowMs }));
    return c;
  }

  private value(c: Counter): CounterValue {
    return { total: c.total, resetInMs: c.endsAt === Infinity ? Infinity : Math.max(0, c.endsAt - this.clock.now()) };
  }
}
