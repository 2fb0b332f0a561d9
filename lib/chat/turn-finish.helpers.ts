import type { StreamEvent } from '../core/stream-event.types';
import { CallbackError } from '../errors/callback.error';
import type { ChatError } from '../errors/chat.error';
import type { Cost } from '../core/cost.types';
import type { ChatResponse, FinishCallback, FinishInfo } from './chat.types';
import type { ConversationTarget } from './conversation-target';
import { toChatError } from './step.consumer';
import type { TurnRunner } from './tool-loop.runner';
import { textOf } from './turn.helpers';
import type { TurnOutcome } from './turn.types';

/** The end of a turn that threw: its cut turn is written back once, and the error gets the usage so far. */
export function writeInterrupted<T>(runner: TurnRunner<T>, target: ConversationTarget, error: unknown, provider: string): { error: ChatError; written: FinishInfo['messages'] } {
  const chatError = toChatError(error, provider);
  const turn = runner.interrupted();
  try {
    target.write(turn.messages, turn.redoFrom);
  } finally {
    target.close();
  }
  chatError.usage ??= runner.usage;
  return { error: chatError, written: turn.messages };
}

/** Calls the chat's and the call's `onFinish`; a throw is surfaced as a `CallbackError` only when `surface`. */
export async function notifyFinish(callbacks: readonly (FinishCallback | undefined)[], info: FinishInfo, surface: boolean): Promise<void> {
  for (const callback of callbacks) {
    if (!callback) continue;
    try {
      await callback(info);
    } catch (cause) {
      if (surface) throw new CallbackError(`onFinish threw: ${(cause as Error)?.message ?? String(cause)}`, { cause, usage: info.usage });
    }
  }
}

/** The structured output, or the text for a chat without one. */
export function outputOf<T>(outcome: TurnOutcome<T>, structured: boolean): T {
  return (structured ? outcome.output : textOf(outcome.message)) as T;
}

/** What `complete()` resolves with. */
export function toChatResponse<T>(outcome: TurnOutcome<T>, structured: boolean): ChatResponse<T> {
  return {
    status: outcome.status,
    text: textOf(outcome.message),
    output: outputOf(outcome, structured),
    message: outcome.message,
    messages: outcome.messages,
    usage: outcome.usage,
    finishReason: outcome.finishReason,
    metadata: outcome.metadata,
    pendingToolCalls: outcome.pending,
    ...(outcome.resumeAt !== undefined ? { resumeAt: outcome.resumeAt } : {}),
    toolResults: outcome.toolResults,
    ...(outcome.warnings.length > 0 ? { warnings: [...outcome.warnings] } : {}),
  };
}

/** The last events of a stream: `paused` (when it paused), then `finish` (with the run's cost, when observed). */
export function finishEvents<T>(outcome: TurnOutcome<T>, structured: boolean, cost: { readonly cost?: Cost }): StreamEvent<T>[] {
  const finish: StreamEvent<T> = {
    type: 'finish',
    status: outcome.status,
    finishReason: outcome.finishReason,
    usage: outcome.usage,
    metadata: outcome.metadata,
    message: outcome.message,
    messages: outcome.messages,
    output: outputOf(outcome, structured),
    ...cost,
  };
  if (outcome.status !== 'paused') return [finish];
  return [{ type: 'paused', pending: outcome.pending, ...(outcome.resumeAt !== undefined ? { resumeAt: outcome.resumeAt } : {}) }, finish];
}
