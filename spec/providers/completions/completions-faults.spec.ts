import { InvalidResponseError, NetworkError, ServerError, TimeoutError } from '../../../lib/errors';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { VirtualClock } from '../../../lib/testing/virtual.clock';
import { ask, collect, emulatedProvider, failure, streamFailure } from './completions-spec.helpers';

describe('Chat Completions transport faults (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('a connection reset before the answer is a retryable NetworkError (whole and streamed)', async () => {
    emulator.script([{ fault: 'reset-before' }, { fault: 'reset-before' }]);
    const provider = emulatedProvider(emulator);
    for (const error of [await failure(provider.complete(ask('x'))), await streamFailure(provider.stream(ask('x')))]) {
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).isRetryable).toBe(true);
      expect((error as NetworkError).provider).toBe('completions');
    }
  });

  it('a reset mid-stream is a NetworkError after the deltas already delivered', async () => {
    emulator.script([{ text: 'one two three four five six', fault: 'reset-mid', afterChunks: 3 }]);
    const seen: string[] = [];
    const error = await failure(
      new Promise((resolve, reject) =>
        emulatedProvider(emulator)
          .stream(ask('x'))
          .subscribe({ next: (e) => e.type === 'text-delta' && seen.push(e.delta), error: reject, complete: () => resolve(undefined) }),
      ),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(seen.join('')).toBe('one two ');
  });

  it('a stalled stream ends with an idle TimeoutError (short idle timeout)', async () => {
    emulator.script([{ text: 'one two three four', fault: 'stall-mid', afterChunks: 2 }]);
    const provider = emulatedProvider(emulator, undefined, (b) => b.withIdleTimeout(150));
    const started = Date.now();
    const error = await streamFailure(provider.stream(ask('x')));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).kind).toBe('idle');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('the idle timeout runs on the injected clock (virtual time, default 60 s)', async () => {
    emulator.script([{ text: 'one two three four', fault: 'stall-mid', afterChunks: 2 }]);
    const clock = new VirtualClock();
    const provider = emulatedProvider(emulator, undefined, (b) => b.withClock(clock));
    let settled: unknown;
    const seen: string[] = [];
    provider.stream(ask('x')).subscribe({ next: (e) => e.type === 'text-delta' && seen.push(e.delta), error: (e) => (settled = e) });
    while (seen.length < 1) await new Promise((r) => setTimeout(r, 5));
    clock.advance(59_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBeUndefined();
    clock.advance(1_000);
    expect(settled).toBeInstanceOf(TimeoutError);
    expect((settled as TimeoutError).message).toContain('60000 ms');
    await emulator.waitForClientClose();
  });

  it('a server that never answers hits the request timeout', async () => {
    emulator.script([{ fault: 'stall-before' }]);
    const error = await failure(emulatedProvider(emulator).complete(ask('x', { timeout: 150 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).kind).toBe('request');
  });

  it('a malformed chunk ends the stream with an InvalidResponseError naming the provider', async () => {
    emulator.script([{ text: 'one two three', fault: 'malformed', afterChunks: 2 }]);
    const error = await streamFailure(emulatedProvider(emulator).stream(ask('x')));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/^completions sent a malformed stream event/);
  });

  it('truncated and empty 200 bodies are InvalidResponseErrors, not SyntaxError/TypeError', async () => {
    emulator.script([{ text: 'a long enough answer to cut', fault: 'truncate' }, { fault: 'empty' }]);
    const provider = emulatedProvider(emulator);
    const truncated = await failure(provider.complete(ask('x')));
    expect(truncated).toBeInstanceOf(InvalidResponseError);
    expect(truncated.message).toMatch(/not valid JSON/);
    const empty = await failure(provider.complete(ask('x')));
    expect(empty).toBeInstanceOf(InvalidResponseError);
    expect(empty.message).toMatch(/empty body/);
  });

  it('an HTML 502 from a proxy is a ServerError with the page summarised', async () => {
    emulator.script([{ fault: 'html-502' }, { fault: 'html-502' }]);
    const provider = emulatedProvider(emulator);
    for (const error of [await failure(provider.complete(ask('x'))), await streamFailure(provider.stream(ask('x')))]) {
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).status).toBe(502);
      expect(error.message).toContain('an HTML page (502 Bad Gateway)');
      expect(error.message).not.toContain('<html>');
    }
  });

  it('recovers after a fault: the next request succeeds', async () => {
    emulator.script([{ fault: 'reset-before' }, { text: 'fine' }]);
    const provider = emulatedProvider(emulator);
    await failure(provider.complete(ask('x')));
    const events = await collect(provider.stream(ask('x')));
    expect(events.at(-1)).toMatchObject({ type: 'step-finish', response: { parts: [{ type: 'text', text: 'fine' }] } });
  });
});
