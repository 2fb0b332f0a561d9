import type { ContentPart } from './content-part.types';
import type { FinishReason } from './finish-reason.types';
import type { Usage } from './usage.types';

/** Who wrote a message. Tool results travel in `tool` messages. */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/**
 * State of an assistant turn.
 * - `completed`: the model finished.
 * - `paused`: waiting for a person to approve or reject tool calls.
 * - `interrupted`: cut short (unsubscribe, abort, transport error, or new user input); the partial content is kept.
 */
export type ResponseStatus = 'completed' | 'paused' | 'interrupted';

/** Where a response came from. */
export interface ResponseMetadata {
  /** Provider's response id, if any (used by `previous_response_id` chaining). */
  readonly id?: string;
  readonly model: string;
  /** Provider id, e.g. `openai`, `claude`, `completions`. */
  readonly provider: string;
}

/** One message of a conversation. */
export interface Message {
  readonly role: Role;
  readonly parts: readonly ContentPart[];
  /** For assistant messages: how the turn ended. */
  readonly status?: ResponseStatus;
  /** For assistant messages: which provider and model answered. */
  readonly metadata?: ResponseMetadata;
  /** For assistant messages: tokens spent on this message. */
  readonly usage?: Usage;
  readonly finishReason?: FinishReason;
  /**
   * For user messages: input that arrived while the turn was paused for approval. It waits behind
   * the paused turn without abandoning it, and the resumed turn sends it after the tool results
   * (the flag is then removed). It never approves or rejects a call.
   */
  readonly queued?: boolean;
}
