import type { Observable } from 'rxjs';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import { systemClock } from '../../../lib/core/system.clock';
import { TimeoutError } from '../../../lib/errors';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { idleSweep, type SweptStream } from '../../../lib/providers/shared/idle-sweep';
import { ProviderEmulator } from '../../../lib/testing/emulator';

const HOUR = 3_600_000;

function swept(idleMs: number, deadlineAt = Infinity): SweptStream & { expired: Promise<'idle' | 'request'>; kinds: string[] } {
  let onExpire: (kind: 'idle' | 'request') => void = () => undefined;
  const kinds: string[] = [];
  return {
    lastActivity: Date.now(),
    idleMs,
    deadlineAt,
    kinds,
    expired: new Promise((resolve) => (onExpire = resolve)),
    expire(kind) {
      kinds.push(kind);
      onExpire(kind);
    },
  };
}

describe('idleSweep: one timer for every stream on the system clock', () => {
  it('expires a quiet stream as idle, keeps a busy one and a patient one, and expires each once', async () => {
    const quiet = swept(60);
    const busy = swept(60);
    const patient = swept(HOUR);
    for (const s of [quiet, busy, patient]) idleSweep.watch(s);
    const keepBusy = setInterval(() => (busy.lastActivity = Date.now()), 10);
    try {
      expect(await quiet.expired).toBe('idle');
      // the busy stream outlives several of the quiet one's idle periods
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(busy.kinds).toEqual([]);
      expect(patient.kinds).toEqual([]);
      expect(quiet.kinds).toEqual(['idle']);
    } finally {
      clearInterval(keepBusy);
      idleSweep.unwatch(busy);
      idleSweep.unwatch(patient);
    }
  });

  it('expires a stream past its request deadline as `request`, before its idle timeout', async () => {
    const waiting = swept(HOUR, Date.now() + 40);
    idleSweep.watch(waiting);
    expect(await waiting.expired).toBe('request');
  });

  it('an unwatched stream is never expired', async () => {
    const gone = swept(20);
    const witness = swept(60);
    idleSweep.watch(gone);
    idleSweep.watch(witness);
    idleSweep.unwatch(gone);
    expect(await witness.expired).toBe('idle');
    expect(gone.kinds).toEqual([]);
  });
});

describe('streamWire on the system clock: the idle timeout through the shared sweep', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  function settle(stream: Observable<ModelStreamEvent>): { settled: Promise<unknown>; first: Promise<void>; unsubscribe: () => void } {
    let onFirst: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (onFirst = resolve));
    let subscription: { unsubscribe(): void } | undefined;
    const settled = new Promise<unknown>((resolve) => {
      subscription = stream.subscribe({ next: () => onFirst(), error: resolve, complete: () => resolve(undefined) });
    });
    return { settled, first, unsubscribe: () => subscription?.unsubscribe() };
  }

  it('a stalled stream fails with an idle TimeoutError and its socket is closed, while a stalled stream with a long idle timeout stays open', async () => {
    const stall = { text: 'one two three four five six', fault: 'stall-mid', afterChunks: 3 } as const;
    emulator.script([stall], 'short');
    emulator.script([stall], 'long');
    const build = (session: string, idle: number) =>
      new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1', session)).withModel('m').withClock(systemClock).withIdleTimeout(idle).build();
    const ask = { messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text: 'hi' }] }] };
    const long = settle(build('long', HOUR).stream(ask));
    const short = settle(build('short', 150).stream(ask));
    await Promise.all([long.first, short.first]);
    const closed = emulator.waitForClientClose();
    const error = await short.settled;
    await closed;
    expect(emulator.requests('short')[0].closedByClient).toBe(true);
    expect(emulator.requests('long')[0].closedByClient).toBeFalsy();
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'idle', provider: 'completions' });
    let longEnded = false;
    void long.settled.then(() => (longEnded = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(longEnded).toBe(false);
    long.unsubscribe();
  });
});
