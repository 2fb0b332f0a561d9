import { firstValueFrom, toArray, type Observable } from 'rxjs';
import type { Message } from '../../lib/core/message.types';
import type { ProviderRequest } from '../../lib/core/provider.types';
import type { ModelStreamEvent, StepFinishEvent } from '../../lib/core/stream-event.types';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { ProviderEmulator } from '../../lib/testing/emulator';
import type { JsonObject } from '../../lib/core/json.types';

/** A fake key that looks like a real Gemini key, for redaction checks. */
export const GEMINI_TEST_KEY = 'AIzaSy-test-key-0123456789abcdefGHIJ';

/** A builder pointed at the emulator's `/v1beta`, with the test key. */
export function geminiOn(emulator: ProviderEmulator, model = 'gemini-2.5-flash'): ReturnType<GeminiBuilder['withModel']> {
  return new GeminiBuilder().withModel(model).withApiKey(GEMINI_TEST_KEY).withBaseUrl(emulator.url('/v1beta'));
}

/** A one-message user request. */
export function userRequest(text: string, extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return { messages: [{ role: 'user', parts: [{ type: 'text', text }] }], ...extra };
}

/** A user message. */
export function user(text: string): Message {
  return { role: 'user', parts: [{ type: 'text', text }] };
}

/** Collects a stream's events. */
export function collect(stream: Observable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  return firstValueFrom(stream.pipe(toArray()));
}

/** The `step-finish` event of a stream. */
export function stepFinish(events: readonly ModelStreamEvent[]): StepFinishEvent {
  const last = events[events.length - 1];
  if (last?.type !== 'step-finish') throw new Error(`stream did not end with step-finish but ${last?.type}`);
  return last;
}

/** The JSON body of the emulator's n-th recorded request. */
export function sentBody(emulator: ProviderEmulator, index = 0, session = 'default'): JsonObject {
  return emulator.requests(session)[index].body as JsonObject;
}

/** Resolves once `check()` is true (polls every 10 ms, fails after `timeoutMs`). */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
