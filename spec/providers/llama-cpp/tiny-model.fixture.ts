import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';
import type { Message } from '../../../lib/core/message.types';
import type { ModelStreamEvent, StepFinishEvent } from '../../../lib/core/stream-event.types';
import { writeTinyLlama, type TinyLlamaOptions } from '../../../lib/testing/gguf';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = 'true';

/** A temp folder holding a freshly generated tiny random llama model. */
export interface TinyModelFile {
  readonly dir: string;
  readonly path: string;
  remove(): Promise<void>;
}

/** Writes the tiny GGUF model (seeded random weights, ~0.5 MB) into a new temp folder. */
export async function writeTinyModel(options: TinyLlamaOptions = {}): Promise<TinyModelFile> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-ts-llama-'));
  const path = await writeTinyLlama(join(dir, 'tiny.gguf'), options);
  return { dir, path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A one-message user conversation. */
export function userSays(text: string): Message[] {
  return [{ role: 'user', parts: [{ type: 'text', text }] }];
}

/** Every event of a stream, in order. */
export function collect(stream: Observable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  return lastValueFrom(stream.pipe(toArray()));
}

/** The `step-finish` event of a list (fails the test when absent). */
export function stepFinish(events: readonly ModelStreamEvent[]): StepFinishEvent {
  const last = events[events.length - 1];
  if (last?.type !== 'step-finish') throw new Error(`stream did not end with step-finish: ${events.map((e) => e.type).join(',')}`);
  return last;
}

/** Resolves when `check()` holds, polling on the event loop (no timers), or rejects after `turns`. */
export async function eventually(check: () => boolean, turns = 20000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never held');
}

export { firstValueFrom };
