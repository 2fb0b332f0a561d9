import { firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';
import type { Message } from '../../../lib/core/message.types';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import type { ChatCompletionsProvider } from '../../../lib/providers/completions';
import type { ProviderEmulator } from '../../../lib/testing/emulator';

/** Test key: shaped like a real one, so redaction is exercised. */
export const TEST_KEY = 'sk-test-0123456789abcdefABCDEF';

/** A user message. */
export function user(text: string): Message {
  return { role: 'user', parts: [{ type: 'text', text }] };
}

/** A one-message request. */
export function ask(text: string, extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return { messages: [user(text)], ...extra };
}

/** A provider pointed at the emulator's `/v1` (in a session when given). */
export function emulatedProvider(
  emulator: ProviderEmulator,
  session?: string,
  configure: (b: ChatCompletionsBuilder<true, true>) => ChatCompletionsBuilder<true, true, boolean> = (b) => b,
): ChatCompletionsProvider {
  const builder = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1', session)).withModel('test-model').withApiKey(TEST_KEY);
  return configure(builder).build();
}

/** Every event of a stream (rejects with the stream's error). */
export function collect(stream: Observable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  return lastValueFrom(stream.pipe(toArray()));
}

/** The error a promise rejects with (fails when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure, got a result');
}

/** The error a stream ends with. */
export function streamFailure(stream: Observable<unknown>): Promise<Error> {
  return failure(firstValueFrom(stream.pipe(toArray())));
}
