import { lastValueFrom, toArray, type Observable } from 'rxjs';
import type { Message } from '../../lib/core/message.types';
import type { ModelStreamEvent, StepFinishEvent } from '../../lib/core/stream-event.types';
import type { ProviderResponse } from '../../lib/core/provider.types';

/** A user message with one text part. */
export function userText(text: string): Message {
  return { role: 'user', parts: [{ type: 'text', text }] };
}

/** All events of a stream. */
export function collect(stream: Observable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  return lastValueFrom(stream.pipe(toArray()));
}

/** The `step-finish` response of a stream's events (fails the test when missing or not last). */
export function finalResponse(events: readonly ModelStreamEvent[]): ProviderResponse {
  const last = events[events.length - 1];
  if (last?.type !== 'step-finish') throw new Error(`stream did not end with step-finish (last: ${last?.type})`);
  return (last as StepFinishEvent).response;
}

/** Concatenated deltas of one event type. */
export function deltas(events: readonly ModelStreamEvent[], type: 'text-delta' | 'reasoning-delta'): string {
  return events
    .filter((e): e is Extract<ModelStreamEvent, { type: typeof type }> => e.type === type)
    .map((e) => e.delta)
    .join('');
}

/** The text of a response's text parts, joined. */
export function textOf(response: ProviderResponse): string {
  return response.parts
    .filter((p) => p.type === 'text')
    .map((p) => (p as { text: string }).text)
    .join('');
}

/** Rejection of a promise (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
