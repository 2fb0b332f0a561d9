import { VirtualClock } from '../../lib/testing';

describe('VirtualClock', () => {
  it('runs due timers in time order when advanced, and not before', () => {
    const clock = new VirtualClock(1000);
    const fired: string[] = [];
    clock.setTimer(() => fired.push('b'), 200);
    clock.setTimer(() => fired.push('a'), 100);
    const cancel = clock.setTimer(() => fired.push('never'), 150);
    cancel();
    clock.advance(99);
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(1099);
    clock.advance(101);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(1200);
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs timers scheduled by timers inside the advanced window, at their own time', () => {
    const clock = new VirtualClock(0);
    const times: number[] = [];
    clock.setTimer(() => {
      times.push(clock.now());
      clock.setTimer(() => times.push(clock.now()), 50);
    }, 50);
    clock.advance(100);
    expect(times).toEqual([50, 100]);
  });

  it('resolves sleeps, and chains of sleeps with advanceAsync', async () => {
    const clock = new VirtualClock(0);
    const steps: number[] = [];
    const chain = (async () => {
      await clock.sleep(10);
      steps.push(clock.now());
      await clock.sleep(10);
      steps.push(clock.now());
    })();
    await clock.advanceAsync(20);
    await chain;
    expect(steps).toEqual([10, 20]);
  });

  it('rejects a sleep when its signal aborts and forgets its timer', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);
    expect(() => clock.setTime(-1)).toThrow(RangeError);
  });
});
