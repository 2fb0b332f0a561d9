import type { JsonObject, JsonValue } from './json.types';

/** Which provider and model produced a provider-specific part (thinking signature, encrypted reasoning, native call). */
export interface PartOrigin {
  /** Provider id, e.g. `claude`, `gemini`, `openai`. */
  readonly provider: string;
  /** Model that produced the part. */
  readonly model: string;
}

/** Where the bytes of an image or file are. */
export type MediaSource =
  | { readonly kind: 'url'; readonly url: string; readonly mediaType?: string }
  | { readonly kind: 'base64'; readonly data: string; readonly mediaType: string };

/** A citation or grounding source attached to text (web search, Google Search grounding). */
export interface Source {
  readonly url: string;
  readonly title?: string;
  /** Character range of the cited text inside the text part, when the provider says. */
  readonly startIndex?: number;
  readonly endIndex?: number;
}

/** Plain text. */
export interface TextPart {
  readonly type: 'text';
  readonly text: string;
  /** Citations for this text (web search, grounding). */
  readonly sources?: Source[];
}

/**
 * Model reasoning ("thinking"). `signature` / `data` are opaque provider data that must be sent back
 * unchanged to the same provider, and never to another one: `origin` records who made them.
 */
export interface ReasoningPart {
  readonly type: 'reasoning';
  readonly text: string;
  /** Claude thinking signature, Gemini thought signature. */
  readonly signature?: string;
  /** Opaque reasoning payload: Claude redacted thinking, Responses encrypted content. */
  readonly data?: string;
  /** True when the provider withheld the text (redacted thinking). */
  readonly redacted?: boolean;
  readonly origin?: PartOrigin;
}

/** An image, sent to or produced by the model. */
export interface ImagePart {
  readonly type: 'image';
  readonly source: MediaSource;
  /** Alternative text or the prompt a generated image was made from. */
  readonly alt?: string;
}

/** A document or other file (PDF, audio, ...). */
export interface FilePart {
  readonly type: 'file';
  readonly source: MediaSource;
  readonly filename?: string;
}

/**
 * Lifecycle of a tool call on the conversation.
 * - `pending`: waiting for a person's approval (the turn is paused).
 * - `approved`: approved, not yet run (runs on the next `stream()`/`complete()`).
 * - `deferred`: an approval strategy postponed it until `ToolCallPart.approval.resumeAt`.
 * - `running`: being executed.
 * - `completed` / `failed`: finished; the result is on the conversation.
 * - `rejected`: a person or strategy refused it; the model sees the reason.
 */
export type ToolCallStatus = 'pending' | 'approved' | 'deferred' | 'running' | 'completed' | 'rejected' | 'failed';

/** What a person or strategy decided about a gated tool call. */
export interface ToolCallApproval {
  /** Arguments edited by the approver; replace the model's arguments when present. */
  readonly editedArguments?: JsonValue;
  /** Why the call was rejected. */
  readonly reason?: string;
  /** Epoch milliseconds before which a deferred call must not run. */
  readonly resumeAt?: number;
  /** Who decided, free text. */
  readonly decidedBy?: string;
  /**
   * Set by the engine when it holds a call for approval: proof that this exact call (id, name,
   * arguments, place in the conversation) was paused by the engine. Calls without a valid seal are
   * never run on the strength of an `approved` status alone.
   */
  readonly seal?: string;
}

/** A call the model asked for. */
export interface ToolCallPart {
  readonly type: 'tool-call';
  /** Provider call id (synthesised when the provider sends none). */
  readonly id: string;
  readonly name: string;
  /**
   * Parsed JSON arguments (what the model sent; see `approval.editedArguments` for edits). Written
   * only by the provider while it builds the part; the engine never changes them.
   */
  arguments: JsonValue;
  /** The raw argument text when it did not parse as JSON (written by the provider, like `arguments`). */
  rawArguments?: string;
  /** Where the call is in its lifecycle. Read-only: the engine and `Messages.approve()` / `reject()` replace the part instead. */
  readonly status: ToolCallStatus;
  readonly approval?: ToolCallApproval;
  /** True for provider-executed (native) tools such as code execution or web search. */
  readonly native?: boolean;
  readonly origin?: PartOrigin;
}

/** The outcome of a tool call, sent back to the model. */
export interface ToolResultPart {
  readonly type: 'tool-result';
  readonly callId: string;
  readonly name: string;
  /** Serialised result (strings as-is, other values as JSON) or the error text. */
  readonly content: string;
  /** True when the call failed, was rejected or its arguments were invalid. */
  readonly isError?: boolean;
  /** Structured error details for the caller (never needed by the model). */
  readonly error?: { readonly kind: ToolErrorKind; readonly message: string; readonly details?: JsonValue };
  /** True for results of provider-executed tools (code execution output, search results). */
  readonly native?: boolean;
}

/** Why a tool result is an error. */
export type ToolErrorKind =
  | 'unknown-tool'
  | 'invalid-arguments'
  | 'validation'
  | 'execution'
  | 'rejected'
  | 'denied'
  | 'timeout'
  | 'aborted';

/**
 * Provider-specific content with no portable meaning (e.g. Gemini executable code, Responses
 * web_search_call items). Sent back only to the provider that produced it; dropped for others.
 */
export interface ProviderPart {
  readonly type: 'provider';
  readonly origin: PartOrigin;
  /** Provider's own kind, e.g. `executableCode`, `web_search_call`. */
  readonly kind: string;
  readonly data: JsonObject;
}

/** Every kind of content a message can hold. */
export type ContentPart = TextPart | ReasoningPart | ImagePart | FilePart | ToolCallPart | ToolResultPart | ProviderPart;

/** The `type` tags of {@link ContentPart}. */
export type ContentPartType = ContentPart['type'];
