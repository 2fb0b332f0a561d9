import type { Clock } from '../core/clock.types';
import { systemClock } from '../core/system.clock';
import type { BudgetCounter, BudgetStore } from './budget-store.types';

/**
 * The default {@link BudgetStore}: counters in this process's memory (atomic here: JavaScript
 * runs one operation at a time). Budgets are per process: use a shared store (Redis) to hold
 * them across instances. Expired counters are dropped as they are met.
 */
export class InMemoryBudgetStore implements BudgetStore {
  private readonly counters = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly clock: Clock = systemClock) {}

  async reserve(key: string, amount: number, limit: number, expiresAt: number): Promise<BudgetCounter> {
    const used = this.current(key);
    if (used + amount > limit) return { ok: false, used };
    return { ok: true, used: this.set(key, used + amount, expiresAt) };
  }

  async adjust(key: string, delta: number, expiresAt: number): Promise<BudgetCounter> {
    return { ok: true, used: this.set(key, this.current(key) + delta, expiresAt) };
  }

  /** The counter under `key` now (0 when absent or expired). */
  peek(key: string): number {
    return this.current(key);
  }

  private current(key: string): number {
    const entry = this.counters.get(key);
    if (!entry) return 0;
    if (entry.expiresAt <= this.clock.now()) {
      this.counters.delete(key);
      return 0;
    }
    return entry.value;
  }

  private set(key: string, value: number, expiresAt: number): number {
    const kept = Math.max(0, value);
    this.counters.set(key, { value: kept, expiresAt: Math.max(expiresAt, this.counters.get(key)?.expiresAt ?? 0) });
    return kept;
  }
}
