/**
 * The chunks of the Vercel AI SDK's UI message stream protocol (v1), the stream `useChat` from
 * `@ai-sdk/react` reads: written here from the protocol, so that chat-ts never loads the `ai` package.
 * Only the chunks chat-ts writes are listed.
 */

/** Why the turn ended, in the protocol's words. */
export type UIFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

/** A data part: app data shown beside the answer (`type` is `data-<name>`). */
export interface UIDataChunk<T = unknown> {
  readonly type: `data-${string}`;
  /** Parts with the same type and id replace each other in the client's message. */
  readonly id?: string;
  readonly data: T;
  /** Sent to the client's `onData` only, never kept in the message. */
  readonly transient?: boolean;
}

/** Every chunk the encoder writes, discriminated by `type`. */
export type UIMessageChunk =
  | { readonly type: 'start'; readonly messageId?: string; readonly messageMetadata?: unknown }
  | { readonly type: 'start-step' }
  | { readonly type: 'text-start'; readonly id: string }
  | { readonly type: 'text-delta'; readonly id: string; readonly delta: string }
  | { readonly type: 'text-end'; readonly id: string }
  | { readonly type: 'reasoning-start'; readonly id: string }
  | { readonly type: 'reasoning-delta'; readonly id: string; readonly delta: string }
  | { readonly type: 'reasoning-end'; readonly id: string }
  | { readonly type: 'tool-input-start'; readonly toolCallId: string; readonly toolName: string; readonly providerExecuted?: boolean }
  | { readonly type: 'tool-input-delta'; readonly toolCallId: string; readonly inputTextDelta: string }
  | { readonly type: 'tool-input-available'; readonly toolCallId: string; readonly toolName: string; readonly input: unknown; readonly providerExecuted?: boolean }
  | { readonly type: 'tool-approval-request'; readonly approvalId: string; readonly toolCallId: string }
  | { readonly type: 'tool-output-available'; readonly toolCallId: string; readonly output: unknown; readonly providerExecuted?: boolean }
  | { readonly type: 'tool-output-error'; readonly toolCallId: string; readonly errorText: string; readonly providerExecuted?: boolean }
  | { readonly type: 'tool-output-denied'; readonly toolCallId: string }
  | UIDataChunk
  | { readonly type: 'finish-step' }
  | { readonly type: 'finish'; readonly finishReason?: UIFinishReason; readonly messageMetadata?: unknown }
  | { readonly type: 'error'; readonly errorText: string }
  | { readonly type: 'abort'; readonly reason?: string };

/** The `type` tags of {@link UIMessageChunk}. */
export type UIMessageChunkType = UIMessageChunk['type'];
