import type { Clock } from '../../../lib/core/clock.types';
import type { ChatProvider, ProviderRequest } from '../../../lib/core/provider.types';
import { ChatBuilder } from '../../../lib/chat';
import { TimeoutError } from '../../../lib/errors';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../../lib/providers/shared';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { VirtualClock } from '../../../lib/testing/virtual.clock';
import { systemClock } from '../../../lib/core/system.clock';
import { until } from '../../support/emulated-providers';

const HOUR = 3_600_000;

interface Configure {
  clock: Clock;
  timeout?: number;
}

/** Each provider family against one emulator session; the idle timeout is an hour, so only the request timeout can fire. */
const providers: { name: string; make: (emulator: ProviderEmulator, session: string, c: Configure) => ChatProvider }[] = [
  {
    name: 'Chat Completions',
    make: (e, s, c) => {
      const b = new ChatCompletionsBuilder().withBaseUrl(e.url('/v1', s)).withModel('m').withApiKey('sk-deadline-123456').withClock(c.clock).withIdleTimeout(HOUR);
      return (c.timeout === undefined ? b : b.withTimeout(c.timeout)).build();
    },
  },
  {
    name: 'Claude',
    make: (e, s, c) => {
      const b = new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey('sk-ant-deadline-123456').withBaseUrl(e.url('', s)).withClock(c.clock).withIdleTimeout(HOUR);
      return (c.timeout === undefined ? b : b.withTimeout(c.timeout)).build();
    },
  },
  {
    name: 'Gemini',
    make: (e, s, c) => {
      const b = new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('AIza-deadline-123456').withBaseUrl(e.url('/v1beta', s)).withClock(c.clock).withIdleTimeout(HOUR);
      return (c.timeout === undefined ? b : b.withTimeout(c.timeout)).build();
    },
  },
  {
    name: 'Responses',
    make: (e, s, c) => {
      const b = new ResponsesBuilder().withModel('gpt').withBaseUrl(e.url('/v1', s)).withApiKey('sk-deadline-123456').withClock(c.clock).withIdleTimeout(HOUR);
      return (c.timeout === undefined ? b : b.withTimeout(c.timeout)).build();
    },
  },
];

const ask = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hello?' }] }], ...extra });

/** Starts `run`, waits (real time) until the emulator holds the request, and reports how it settles. */
async function started(emulator: ProviderEmulator, session: string, run: () => Promise<unknown>): Promise<{ settled: () => unknown; done: Promise<void> }> {
  let outcome: unknown;
  const done = run().then(
    (value) => void (outcome = { value }),
    (error: unknown) => void (outcome = error),
  );
  await until(() => emulator.requests(session).length === 1, 3000, 'the request to reach the emulator');
  return { settled: () => outcome, done };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('whole-request timeout (injected clock)', () => {
  let emulator: ProviderEmulator;
  let sessions = 0;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  it('defaults to 10 minutes', () => expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(600_000));

  describe.each(providers)('$name', ({ make }) => {
    it('complete(): a server that accepts and never answers fails after the default 10 minutes, and the socket is closed', async () => {
      const session = `deadline-${++sessions}`;
      const clock = new VirtualClock();
      emulator.script([{ fault: 'stall-before' }], session);
      const provider = make(emulator, session, { clock });
      const closed = emulator.waitForClientClose();
      const call = await started(emulator, session, () => provider.complete(ask()));
      clock.advance(DEFAULT_REQUEST_TIMEOUT_MS - 1);
      await tick();
      expect(call.settled()).toBeUndefined();
      clock.advance(1);
      await call.done;
      expect(call.settled()).toBeInstanceOf(TimeoutError);
      expect((call.settled() as TimeoutError).kind).toBe('request');
      await closed;
    });

    it('stream(): no response headers within withTimeout(ms) is a request TimeoutError; the call option wins over the builder', async () => {
      const session = `deadline-${++sessions}`;
      const clock = new VirtualClock();
      emulator.script([{ fault: 'stall-before' }, { fault: 'stall-before' }], session);
      const provider = make(emulator, session, { clock, timeout: 5_000 });
      const stream = await started(emulator, session, () => new Promise<void>((resolve, reject) => provider.stream(ask()).subscribe({ complete: () => resolve(), error: reject })));
      clock.advance(4_999);
      await tick();
      expect(stream.settled()).toBeUndefined();
      clock.advance(1);
      await stream.done;
      expect(stream.settled()).toBeInstanceOf(TimeoutError);
      expect((stream.settled() as TimeoutError).kind).toBe('request');

      const second = `deadline-${++sessions}`;
      emulator.script([{ fault: 'stall-before' }], second);
      const perCall = make(emulator, second, { clock, timeout: 5_000 });
      const call = await started(emulator, second, () => perCall.complete(ask({ timeout: 1_000 })));
      clock.advance(1_000);
      await call.done;
      expect(call.settled()).toBeInstanceOf(TimeoutError);
    });
  });

  it('after the headers only the idle timeout applies to a stream', async () => {
    const session = `deadline-${++sessions}`;
    const clock = new VirtualClock();
    emulator.script([{ text: 'one two three', fault: 'stall-mid', afterChunks: 2 }], session);
    const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1', session)).withModel('m').withClock(clock).withTimeout(1_000).withIdleTimeout(60_000).build();
    const deltas: string[] = [];
    let error: unknown;
    provider.stream(ask()).subscribe({ next: (e) => e.type === 'text-delta' && deltas.push(e.delta), error: (e) => (error = e) });
    await until(() => deltas.length > 0, 3000, 'the first delta');
    clock.advance(59_000);
    await tick();
    expect(error).toBeUndefined();
    clock.advance(1_000);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).kind).toBe('idle');
  });

  it('chat.complete(text, { timeout }) reaches the provider', async () => {
    const session = `deadline-${++sessions}`;
    const clock = new VirtualClock();
    emulator.script([{ fault: 'stall-before' }], session);
    const chat = new ChatBuilder().withModel(providers[0].make(emulator, session, { clock })).withRetry(false).build();
    const call = await started(emulator, session, () => chat.complete('hi', { timeout: 30_000 }));
    clock.advance(30_000);
    await call.done;
    expect(call.settled()).toBeInstanceOf(TimeoutError);
  });
});

describe('whole-request timeout (system clock: the transport enforces it)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  it.each(providers.map((p) => [p.name, p] as const))('%s complete(): a server that never answers fails with a request TimeoutError after withTimeout(ms)', async (_name, p) => {
    const session = `system-${p.name}`;
    emulator.script([{ fault: 'stall-before' }], session);
    const provider = p.make(emulator, session, { clock: systemClock, timeout: 150 });
    const started = Date.now();
    const error = await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).kind).toBe('request');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
