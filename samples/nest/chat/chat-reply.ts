import type { MessageEvent } from '@nestjs/common';
import type { ChatResponse } from '../../../lib/chat';
import type { JsonValue, StreamEvent, ToolCallPart } from '../../../lib/core';

/** A tool call waiting for a person, as the API shows it. */
export interface PendingApproval {
  readonly id: string;
  readonly name: string;
  readonly arguments: JsonValue;
  readonly status: string;
}

/** What `POST /chat` and `POST /conversations/:id/resume` answer. */
export interface ChatReply {
  readonly conversationId: string;
  readonly status: string;
  readonly text: string;
  readonly pendingApprovals: readonly PendingApproval[];
  readonly toolResults: ReadonlyArray<{ readonly name: string; readonly content: string; readonly error?: string }>;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
}

export function pendingApproval(call: ToolCallPart): PendingApproval {
  return { id: call.id, name: call.name, arguments: call.arguments, status: call.status ?? 'pending' };
}

export function chatReply(conversationId: string, response: ChatResponse): ChatReply {
  return {
    conversationId,
    status: response.status,
    text: response.text,
    pendingApprovals: response.pendingToolCalls.map(pendingApproval),
    toolResults: response.toolResults.map((r) => ({ name: r.name, content: r.content, ...(r.error ? { error: r.error.kind } : {}) })),
    usage: { inputTokens: response.usage.inputTokens, outputTokens: response.usage.outputTokens },
  };
}

/** A server-sent event: `data` is the chat event as JSON (errors in their safe form); a failed stream ends with `{ type: 'error', fatal: true, error }`. */
export type ChatSseEvent = MessageEvent;

export function sseEvent(sequence: number, event: StreamEvent | { type: 'conversation'; conversationId: string }): ChatSseEvent {
  if (event.type === 'error' || event.type === 'provider-fallback') return { id: String(sequence), data: { ...event, error: event.error.toJSON() } };
  return { id: String(sequence), data: event };
}
