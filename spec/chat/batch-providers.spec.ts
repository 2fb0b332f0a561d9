import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, type BatchProgress } from '../../lib';
import type { Clock } from '../../lib/core/clock.types';
import type { ChatProvider } from '../../lib/core/provider.types';
import { systemClock } from '../../lib/core/system.clock';
import { BatchItemError, RateLimitError } from '../../lib/errors';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { OpenAIBuilder } from '../../lib/providers/openai';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';

/** A clock that notes every wait it is asked for and waits 1 ms instead. */
class RecordingClock implements Clock {
  readonly waits: number[] = [];
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.waits.push(ms);
    return systemClock.sleep(1, signal);
  }
  setTimer(fn: () => void, ms: number): () => void {
    return systemClock.setTimer(fn, ms);
  }
}

interface Case {
  readonly name: string;
  readonly provider: (emulator: ProviderEmulator) => ChatProvider;
  /** Last user text that makes the emulated batch fail that request with a rate limit. */
  readonly rateLimited: string;
  /** Path fragment of the cancel call. */
  readonly cancelPath: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: 'Claude Message Batches',
    provider: (e) => new ClaudeBuilder().withBaseUrl(e.url()).withApiKey('k').withModel('claude-haiku-4-5').build(),
    rateLimited: '!error rate_limit_error',
    cancelPath: /\/v1\/messages\/batches\/[^/]+\/cancel$/,
  },
  {
    name: 'Gemini batch mode',
    provider: (e) => new GeminiBuilder().withBaseUrl(e.url('/v1beta')).withApiKey('k').withModel('gemini-2.5-flash').build(),
    rateLimited: '!error RESOURCE_EXHAUSTED',
    cancelPath: /\/batches\/[^/]+:cancel$/,
  },
  {
    name: 'OpenAI Batch on Chat Completions',
    provider: (e) => new ChatCompletionsBuilder().withBaseUrl(e.url('/v1')).withApiKey('k').withModel('gpt-4o-mini').build(),
    rateLimited: '!error rate_limit_exceeded',
    cancelPath: /\/v1\/batches\/[^/]+\/cancel$/,
  },
  {
    name: 'OpenAI Batch on the Responses API',
    provider: (e) => new OpenAIBuilder().withCustomUrl(e.url('/v1')).withApiKey('k').withModel('gpt-5-mini').build(),
    rateLimited: '!error rate_limit_exceeded',
    cancelPath: /\/v1\/batches\/[^/]+\/cancel$/,
  },
];

describe.each(CASES)('chat.batch() on $name (emulated)', ({ provider, rateLimited, cancelPath }) => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));

  it('results in request order, each a ChatResponse or its typed per-item error; progress$ reports submission and every poll, then completes', async () => {
    const chat = new ChatBuilder().withModel(provider(emulator)).withClock(new RecordingClock()).build();
    const run = chat.batch(['first', rateLimited, 'third'], { pollIntervalMs: 10 });
    const progress = lastValueFrom(run.progress$.pipe(toArray()));
    const results = await run.results;
    expect(results.map((r) => (r.ok ? r.response.text : r.error.constructor.name))).toEqual(['Emulated reply to: first', 'RateLimitError', 'Emulated reply to: third']);
    const failed = results[1];
    expect(!failed.ok && failed.error).toBeInstanceOf(RateLimitError);
    expect(!failed.ok && failed.error.isRetryable).toBe(true);
    expect(results[0].ok && results[0].response.status).toBe('completed');
    const seen: BatchProgress[] = await progress;
    expect(seen.map((p) => p.status)).toEqual(['in_progress', 'in_progress', 'ended']);
    expect(new Set(seen.map((p) => p.id)).size).toBe(1);
    expect(seen.every((p) => p.total === 3)).toBe(true);
    expect(seen.at(-1)!.counts).toMatchObject({ processing: 0, succeeded: 2, errored: 1 });
  });

  it('polls with growing waits: pollIntervalMs, times pollFactor, capped at maxPollIntervalMs, on the chat clock', async () => {
    const growing = new RecordingClock();
    await new ChatBuilder().withModel(provider(emulator)).withClock(growing).build().batch(['a'], { pollIntervalMs: 40, pollFactor: 2, maxPollIntervalMs: 1_000 }).results;
    expect(growing.waits).toEqual([40, 80]);
    const capped = new RecordingClock();
    await new ChatBuilder().withModel(provider(emulator)).withClock(capped).build().batch(['a'], { pollIntervalMs: 40, pollFactor: 3, maxPollIntervalMs: 50 }).results;
    expect(capped.waits).toEqual([40, 50]);
  });

  it('cancel(): the provider is asked to cancel, the batch ends, and every request that did not run is BatchItemError canceled with its customId', async () => {
    const run = new ChatBuilder().withModel(provider(emulator)).withClock(new RecordingClock()).build().batch(['a', 'b'], { pollIntervalMs: 10 });
    const progress = lastValueFrom(run.progress$.pipe(toArray()));
    await run.cancel();
    const results = await run.results;
    expect(results.map((r) => !r.ok && r.error instanceof BatchItemError && [r.error.code, r.error.customId])).toEqual([
      ['canceled', 'request-0'],
      ['canceled', 'request-1'],
    ]);
    expect(emulator.requests().filter((r) => cancelPath.test(r.path))).toHaveLength(1);
    expect((await progress).at(-1)!.status).toBe('ended');
  });
});
