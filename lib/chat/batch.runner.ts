import { Observable, ReplaySubject } from 'rxjs';
import type { Clock } from '../core/clock.types';
import type { BatchCounts, BatchItem, BatchJob, BatchStatus, ProviderBatches } from '../core/batch.types';
import { ChatError } from '../core/chat.error';
import type { Message } from '../core/message.types';
import { Messages } from '../core/messages';
import type { ChatProvider, ProviderResponse } from '../core/provider.types';
import { AbortedError } from '../errors/aborted.error';
import { BatchItemError } from '../errors/batch-item.error';
import { UnsupportedFeatureError } from '../errors/unsupported-feature.error';
import { NEVER_ABORTED } from './abort.helpers';
import type { CallOptions, ChatResponse, ConversationInput } from './chat.types';
import { buildProviderRequest } from './request.builder';
import type { RunSettings } from './run-settings';
import { textOf } from './turn.helpers';

/** Options of `chat.batch()`. */
export interface BatchOptions extends CallOptions {
  /** First wait between polls, ms (default 5 000); it grows by `pollFactor` up to `maxPollIntervalMs`. */
  readonly pollIntervalMs?: number;
  /** Growth of the wait between polls (default 1.5). */
  readonly pollFactor?: number;
  /** Longest wait between polls, ms (default 60 000). */
  readonly maxPollIntervalMs?: number;
}

/** Where a batch is, after each poll. */
export interface BatchProgress {
  readonly id: string;
  readonly status: BatchStatus;
  readonly counts: BatchCounts;
  /** Requests in the batch. */
  readonly total: number;
}

/** One request's result, in request order: its `ChatResponse`, or its typed error. */
export type BatchResult<T> = { readonly ok: true; readonly response: ChatResponse<T> } | { readonly ok: false; readonly error: ChatError };

/** A running `chat.batch()`. */
export interface ChatBatch<T> {
  /** Progress after submission and after each poll; completes when the batch ends. */
  readonly progress$: Observable<BatchProgress>;
  /** The results in request order, once the batch ended. */
  readonly results: Promise<ReadonlyArray<BatchResult<T>>>;
  /** Asks the provider to cancel; requests not run yet end as `BatchItemError` `canceled`. */
  cancel(): Promise<void>;
}

/** Waits `ms` on the chat's clock (a `VirtualClock` in tests); an abort becomes {@link AbortedError}. */
const sleep = (clock: Clock, ms: number, signal: AbortSignal): Promise<void> =>
  signal.aborted
    ? Promise.reject(new AbortedError('chat.batch() polling was aborted'))
    : clock.sleep(ms, signal).catch(() => {
        throw new AbortedError('chat.batch() polling was aborted');
      });

function messagesOf(input: ConversationInput): readonly Message[] {
  if (typeof input === 'string') return Messages.fromUser(input).toArray();
  return Array.isArray(input) ? (input as readonly Message[]) : (input as Messages).toArray();
}

function asChatResponse<T>(response: ProviderResponse): ChatResponse<T> {
  const message: Message = { role: 'assistant', parts: response.parts, status: 'completed', metadata: response.metadata, usage: response.usage };
  const text = textOf(message);
  return {
    status: 'completed',
    text,
    output: text as unknown as T,
    message,
    messages: [message],
    usage: response.usage,
    finishReason: response.finishReason,
    metadata: response.metadata,
    pendingToolCalls: [],
    toolResults: [],
    ...(response.warnings?.length ? { warnings: [...response.warnings] } : {}),
  };
}

/**
 * Runs conversations through the provider's batch API: one model request each (no tool loop),
 * submitted at once, polled with growing waits, results mapped back in request order.
 */
export function runBatch<T>(provider: ChatProvider, settings: RunSettings<unknown>, inputs: readonly ConversationInput[], options: BatchOptions): ChatBatch<T> {
  const batches: ProviderBatches | undefined = provider.batches;
  if (!batches) throw new UnsupportedFeatureError(`${provider.id} has no batch API`, { provider: provider.id });
  if (settings.output) throw new UnsupportedFeatureError('chat.batch() does not run structured output; use a chat without withStructuredOutput()', { provider: provider.id });
  if (inputs.length === 0) throw new UnsupportedFeatureError('chat.batch() needs at least one conversation', { provider: provider.id });
  const signal = options.signal ?? NEVER_ABORTED;
  const call = { signal: options.signal, headers: options.headers, timeout: options.timeout };
  const items: BatchItem[] = inputs.map((input, i) => ({ customId: `request-${i}`, request: buildProviderRequest(settings, options, messagesOf(input), NEVER_ABORTED, true) }));
  const progress = new ReplaySubject<BatchProgress>();
  const emit = (job: BatchJob): void => progress.next({ id: job.id, status: job.status, counts: job.counts, total: items.length });
  const submitted = batches.submit(items, call);
  const results = (async (): Promise<ReadonlyArray<BatchResult<T>>> => {
    let job = await submitted;
    emit(job);
    let wait = options.pollIntervalMs ?? 5_000;
    while (job.status !== 'ended') {
      await sleep(settings.clock, wait, signal);
      wait = Math.min(wait * (options.pollFactor ?? 1.5), options.maxPollIntervalMs ?? 60_000);
      job = await batches.get(job.id, call);
      emit(job);
    }
    const outcomes = new Map((await batches.results(job.id, call)).map((o) => [o.customId, o]));
    return items.map((item): BatchResult<T> => {
      const outcome = outcomes.get(item.customId);
      if (!outcome) {
        // providers that list only the requests they ran (Gemini): the rest were cancelled or expired with the batch
        const problem = job.counts.canceled > 0 ? 'canceled' : job.counts.expired > 0 ? 'expired' : 'missing';
        const why = problem === 'missing' ? `${provider.id} listed no result for ${item.customId}` : `${item.customId} was ${problem} before it ran`;
        return { ok: false, error: new BatchItemError(why, { provider: provider.id, problem, customId: item.customId }) };
      }
      if (outcome.kind === 'succeeded') return { ok: true, response: asChatResponse<T>(outcome.response) };
      if (outcome.kind === 'errored') return { ok: false, error: outcome.error };
      return { ok: false, error: new BatchItemError(`${item.customId} was ${outcome.kind} before it ran`, { provider: provider.id, problem: outcome.kind, customId: item.customId }) };
    });
  })();
  results.then(
    () => progress.complete(),
    (error: unknown) => progress.error(ChatError.is(error) ? error : new AbortedError(String(error))),
  );
  return {
    progress$: progress.asObservable(),
    results,
    async cancel() {
      const job = await submitted;
      emit(await batches.cancel(job.id, call));
    },
  };
}
