import { MemoryCounterStore, MemoryHoldStore } from '../../lib/core';
import { VirtualClock } from '../../lib/testing';

describe('MemoryCounterStore and MemoryHoldStore (the single-process defaults)', () => {
  it('consume adds only within the limit; a window ends and the counter starts again from 0', async () => {
    const clock = new VirtualClock();
    const counters = new MemoryCounterStore(clock);
    expect(await counters.consume('k', 2, 3, 1000)).toEqual({ total: 2, resetInMs: 1000, allowed: true });
    clock.advance(400);
    expect(await counters.consume('k', 2, 3, 1000)).toEqual({ total: 2, resetInMs: 600, allowed: false });
    expect(await counters.add('k', 0.5, 1000)).toEqual({ total: 2.5, resetInMs: 600 });
    clock.advance(600);
    expect(await counters.get('k')).toEqual({ total: 0, resetInMs: 0 });
    expect(await counters.consume('k', 3, 3, 1000)).toEqual({ total: 3, resetInMs: 1000, allowed: true });
    await counters.reset('k');
    expect(await counters.add('k', 1)).toEqual({ total: 1, resetInMs: Infinity });
  });

  it('a hold only extends and runs out on the clock', async () => {
    const clock = new VirtualClock();
    const holds = new MemoryHoldStore(clock);
    await holds.hold('p', 5000);
    await holds.hold('p', 100);
    expect(await holds.remainingMs('p')).toBe(5000);
    clock.advance(4000);
    expect(await holds.remainingMs('p')).toBe(1000);
    clock.advance(1000);
    expect(await holds.remainingMs('p')).toBe(0);
  });
});
