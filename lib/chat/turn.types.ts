import type { ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { FinishReason } from '../core/finish-reason.types';
import type { Message, ResponseMetadata } from '../core/message.types';
import type { StreamEvent } from '../core/stream-event.types';
import type { Usage } from '../core/usage.types';
import type { CallOptions } from './chat.types';
import type { InputInbox } from './input/input-inbox';

/** How one call of `complete()` / `stream()` ended, before it is written back. */
export interface TurnOutcome<T> {
  readonly status: 'completed' | 'paused';
  /** The turn to write back (it replaces the paused tail it resumed, if any). */
  readonly messages: Message[];
  /** Index in `messages` from which a re-subscription redoes the turn. */
  readonly redoFrom: number;
  /** The last assistant message. */
  readonly message: Message;
  readonly output?: T;
  readonly usage: Usage;
  readonly finishReason: FinishReason;
  readonly metadata: ResponseMetadata;
  /** Calls waiting for approval or for their `resumeAt`. */
  readonly pending: ToolCallPart[];
  readonly resumeAt?: number;
  readonly toolResults: ToolResultPart[];
  /** Non-fatal problems of this call (the `warning` events it emitted). */
  readonly warnings: string[];
}

/** What a cut-short run leaves on the conversation. */
export interface InterruptedTurn {
  readonly messages: Message[];
  readonly redoFrom: number;
}

/** One run's inputs besides the chat's settings. */
export interface RunInput<T> {
  /** Copies of the conversation before the turn. */
  readonly history: readonly Message[];
  /** Copies of a paused turn to resume (empty for a new turn). */
  readonly tail: readonly Message[];
  readonly call: CallOptions;
  readonly mode: 'complete' | 'stream';
  readonly signal: AbortSignal;
  /** Receives stream events (a no-op for `complete()`). */
  readonly emit: (event: StreamEvent<T>) => void;
  /** Input streaming: user input pushed while the run works (`stream()` with `input`). */
  readonly inbox?: InputInbox;
}
