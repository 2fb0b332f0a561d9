import { lastValueFrom, type Observable, toArray } from 'rxjs';
import type { Message } from '../../lib/core/message.types';
import type { ModelStreamEvent, StepFinishEvent } from '../../lib/core/stream-event.types';
import { ClaudeBuilder } from '../../lib/providers/claude/claude.builder';
import type { ClaudeProvider } from '../../lib/providers/claude/claude.provider';
import type { ProviderEmulator } from '../../lib/testing/emulator/provider-emulator';

/** The API key the Claude specs use (redaction tests look for it). */
export const CLAUDE_TEST_KEY = 'sk-ant-test-0123456789abcdefSECRET';

let sessions = 0;

/** A fresh emulator session name. */
export function newSession(prefix = 'claude'): string {
  return `${prefix}-${++sessions}`;
}

/** A Claude provider talking to one emulator session. */
export function claudeOn(
  emulator: ProviderEmulator,
  session: string,
  configure: (b: ClaudeBuilder<true>) => ClaudeBuilder<true> = (b) => b,
  model = 'claude-sonnet-4-5',
): ClaudeProvider {
  return configure(new ClaudeBuilder().withModel(model).withApiKey(CLAUDE_TEST_KEY).withBaseUrl(emulator.url('', session))).build();
}

/** A user message. */
export function user(text: string): Message {
  return { role: 'user', parts: [{ type: 'text', text }] };
}

/** Every event of a stream. */
export function collect(stream: Observable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  return lastValueFrom(stream.pipe(toArray()));
}

/** The `step-finish` event of a list of events. */
export function stepFinish(events: readonly ModelStreamEvent[]): StepFinishEvent {
  const last = events[events.length - 1];
  if (last?.type !== 'step-finish') throw new Error(`stream did not end with step-finish (last: ${last?.type})`);
  return last;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
