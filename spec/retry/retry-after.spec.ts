import { ChatBuilder } from '../../lib/chat';
import { ProviderOverloadedError, RateLimitError, ServerError } from '../../lib/errors';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { exponentialBackoff, fixedDelay, type RetryInfo } from '../../lib/retry';
import { ProviderEmulator, VirtualClock } from '../../lib/testing';
import { responsesAt, until } from '../support/emulated-providers';

/** `Retry-After` on 503/529/5xx (not only 429) over real sockets, and the `maxRetryAfterMs` cap. */
describe('Retry-After on overloads and server errors (emulator, virtual time)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const claude = (session: string) => new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey('sk-ant-emulator').withBaseUrl(emulator.url('', session)).build();
  const gemini = (session: string) => new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('gemini-emulator').withBaseUrl(emulator.url('/v1beta', session)).build();

  it.each([
    ['Responses 503', 'r503', 503, ProviderOverloadedError],
    ['Responses 500', 'r500', 500, ServerError],
    ['Claude 529', 'c529', 529, ProviderOverloadedError],
    ['Gemini 503', 'g503', 503, ProviderOverloadedError],
  ] as const)('%s with retry-after: 9 waits 9 s (not the 100 ms backoff), then succeeds', async (_name, session, status, type) => {
    const provider = session.startsWith('c') ? claude(session) : session.startsWith('g') ? gemini(session) : responsesAt(emulator, session);
    const clock = new VirtualClock();
    const seen: RetryInfo[] = [];
    emulator.script([{ error: { status, retryAfter: 9 } }, { text: 'back again' }], session);
    const chat = new ChatBuilder().withModel(provider).withClock(clock).withRetry(fixedDelay(100, 3, { onRetry: (info) => void seen.push(info) })).build();
    const reply = chat.complete('hi');
    await until(() => clock.pendingTimers === 1, 3000, 'the retry wait');
    expect(seen).toHaveLength(1);
    expect(seen[0].error).toBeInstanceOf(type);
    expect(seen[0].error.retryAfterSeconds).toBe(9);
    expect(seen[0].delayMs).toBe(9000);
    await clock.advanceAsync(8999);
    expect(emulator.requests(session)).toHaveLength(1);
    await clock.advanceAsync(1);
    await expect(reply).resolves.toMatchObject({ text: 'back again' });
    expect(emulator.requests(session)).toHaveLength(2);
  });

  it('a Retry-After longer than maxRetryAfterMs gives up at once with the server error (no wait, no onRetry)', async () => {
    const clock = new VirtualClock();
    const seen: RetryInfo[] = [];
    emulator.script([{ error: { status: 503, retryAfter: 120 } }, { text: 'never sent' }]);
    const policy = exponentialBackoff({ maxAttempts: 5, initialDelayMs: 10, maxRetryAfterMs: 60_000, onRetry: (info) => void seen.push(info) });
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'default')).withClock(clock).withRetry(policy).build();
    const error = await chat.complete('hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderOverloadedError);
    expect((error as ProviderOverloadedError).retryAfterSeconds).toBe(120);
    expect(seen).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
    expect(emulator.requests()).toHaveLength(1);
    expect(emulator.remaining()).toBe(1);
  });

  it('a Retry-After within maxRetryAfterMs is waited; a 429 beyond it gives up too', async () => {
    const clock = new VirtualClock();
    emulator.script([{ error: { status: 529, retryAfter: 30 } }, { error: { status: 429, retryAfter: 61 } }, { text: 'never sent' }], 'claude-cap');
    const chat = new ChatBuilder().withModel(claude('claude-cap')).withClock(clock).withRetry(fixedDelay(0, 5, { maxRetryAfterMs: 60_000 })).build();
    const pending = chat.complete('hi').catch((e: unknown) => e);
    await until(() => clock.pendingTimers === 1, 3000, 'the 30 s wait');
    await clock.advanceAsync(30_000);
    const error = await pending;
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBe(61);
    expect(emulator.requests('claude-cap')).toHaveLength(2);
  });

  it('honourRetryAfter: false ignores the header on a 503 (and its cap)', async () => {
    const clock = new VirtualClock();
    const seen: RetryInfo[] = [];
    emulator.script([{ error: { status: 503, retryAfter: 300 } }, { text: 'quick' }]);
    const policy = fixedDelay(50, 2, { honourRetryAfter: false, maxRetryAfterMs: 1000, onRetry: (info) => void seen.push(info) });
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'default')).withClock(clock).withRetry(policy).build();
    const reply = chat.complete('hi');
    await until(() => clock.pendingTimers === 1, 3000, 'the retry wait');
    expect(seen[0].delayMs).toBe(50);
    await clock.advanceAsync(50);
    await expect(reply).resolves.toMatchObject({ text: 'quick' });
  });
});
