import type { Clock } from './clock.types';
import type { HoldStore } from './hold-store.types';
import { systemClock } from './system.clock';

/**
 * The single-process {@link HoldStore}: hold deadlines in a `Map`, on a `Clock`.
 *
 * @example
 * const holds = new MemoryHoldStore();
 * await holds.hold('claude', 5_000);
 */
export class MemoryHoldStore implements HoldStore {
  private readonly until = new Map<string, number>();

  constructor(private readonly clock: Clock = systemClock) {}

  hold(key: string, durationMs: number): Promise<void> {
    const end = this.clock.now() + durationMs;
    if (end > (this.until.get(key) ?? 0)) this.until.set(key, end);
    return Promise.resolve();
  }

  remainingMs(key: string): Promise<number> {
    return Promise.resolve(Math.max(0, (this.until.get(key) ?? 0) - this.clock.now()));
  }
}
