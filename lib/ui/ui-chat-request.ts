import type { Messages } from '../core/messages';
import { UIChatRequestError } from '../errors/ui-chat-request.error';

/** A person's answer to a `tool-approval-request`, read from the client's last message. */
export interface UIChatApproval {
  readonly toolCallId: string;
  readonly approved: boolean;
  readonly reason?: string;
}

/** What a UI chat client (`useChat`, `DefaultChatTransport`) asks for in one request. */
export interface UIChatRequest {
  /** The client's chat id (`useChat({ id })`): the key of the stored conversation. */
  readonly chatId: string;
  /** `submit-message` or `regenerate-message`. */
  readonly trigger: string;
  /** The text of the last message, when it is a user message. */
  readonly userText?: string;
  /** Approval decisions in the last message, when it is the assistant's (an approval round trip). */
  readonly approvals: readonly UIChatApproval[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function approvalOf(part: Json): UIChatApproval | undefined {
  const isTool = typeof part.type === 'string' && (part.type.startsWith('tool-') || part.type === 'dynamic-tool');
  if (!isTool || part.state !== 'approval-responded' || !isObject(part.approval) || typeof part.toolCallId !== 'string') return undefined;
  const { approved, reason } = part.approval;
  if (typeof approved !== 'boolean') throw new UIChatRequestError(`The approval of tool call "${part.toolCallId}" has no boolean "approved"`);
  return { toolCallId: part.toolCallId, approved, ...(typeof reason === 'string' ? { reason } : {}) };
}

/**
 * Reads the JSON body a UI chat client posts (`{ id, messages, trigger }`) into what the server
 * needs when it keeps the conversation itself: the chat id, the new user text, or the approval
 * decisions of an approval round trip. Only the last message is read; the server's stored
 * conversation is the truth (the client's copy of earlier messages is not trusted).
 *
 * @example
 * const request = readUIChatRequest(JSON.parse(body));
 * const messages = applyUIChatRequest(store.get(request.chatId) ?? new Messages(), request);
 */
export function readUIChatRequest(body: unknown): UIChatRequest {
  if (!isObject(body)) throw new UIChatRequestError('The chat request body is not a JSON object');
  const { id, messages, trigger } = body;
  if (typeof id !== 'string' || id === '') throw new UIChatRequestError('The chat request has no chat "id"');
  if (!Array.isArray(messages) || messages.length === 0) throw new UIChatRequestError('The chat request has no "messages"');
  const last: unknown = messages[messages.length - 1];
  if (!isObject(last) || !Array.isArray(last.parts)) throw new UIChatRequestError('The last message of the chat request has no "parts"');
  const parts = last.parts.filter(isObject);
  const base = { chatId: id, trigger: typeof trigger === 'string' ? trigger : 'submit-message' };
  if (last.role === 'user') {
    const text = parts.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
    return { ...base, userText: text, approvals: [] };
  }
  if (last.role === 'assistant') return { ...base, approvals: parts.map(approvalOf).filter((a): a is UIChatApproval => a !== undefined) };
  throw new UIChatRequestError(`The last message of the chat request has role "${String(last.role)}", not user or assistant`);
}

/**
 * Applies a UI chat request to the stored conversation: approves or rejects the calls it decides
 * (calls no longer pending are left as they are; `decidedBy` records who), or appends the user's
 * text. The next `chat.stream(messages)` then resumes the paused turn or answers the new message.
 * Who may approve is the app's decision: check the caller before applying `request.approvals`.
 *
 * @example
 * const messages = applyUIChatRequest(conversation, readUIChatRequest(body));
 * await pipeUIMessageStreamToResponse(chat.stream(messages), response);
 */
export function applyUIChatRequest(messages: Messages, request: UIChatRequest, options: { readonly decidedBy?: string } = {}): Messages {
  if (request.approvals.length > 0) {
    const pending = new Set(messages.pendingToolCalls().map((call) => call.id));
    const decided = request.approvals.filter((approval) => pending.has(approval.toolCallId));
    if (decided.length === 0) throw new UIChatRequestError('The chat request decides no tool call that waits for approval');
    for (const approval of decided) {
      if (approval.approved) messages.approve(approval.toolCallId, { decidedBy: options.decidedBy });
      else messages.reject(approval.toolCallId, approval.reason ?? 'Denied by the user', { decidedBy: options.decidedBy });
    }
    return messages;
  }
  if (request.userText === undefined || request.userText.trim() === '') throw new UIChatRequestError('The chat request has neither user text nor an approval decision');
  return messages.user(request.userText);
}
