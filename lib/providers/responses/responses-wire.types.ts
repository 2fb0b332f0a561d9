import type { JsonObject, JsonValue } from '../../core/json.types';

/**
 * Wire shapes of the Responses API (`POST /responses`), as far as chat-ts reads them.
 * Kept loose on purpose: servers implementing the wire (OpenAI, Azure, xAI, LM Studio) differ
 * in optional fields, and unknown items are kept as provider parts.
 */

/** An annotation on output text (`url_citation`, `file_citation`, ...). */
export interface WireAnnotation {
  readonly type: string;
  readonly url?: string;
  readonly title?: string;
  readonly start_index?: number;
  readonly end_index?: number;
}

/** One content element of an output `message` item. */
export interface WireOutputContent {
  readonly type: string;
  readonly text?: string;
  readonly refusal?: string;
  readonly annotations?: readonly WireAnnotation[];
}

/** One output item (`message`, `reasoning`, `function_call`, `web_search_call`, ...). */
export interface WireOutputItem {
  readonly type: string;
  readonly id?: string;
  readonly status?: string;
  // message
  readonly role?: string;
  readonly content?: readonly WireOutputContent[];
  // reasoning
  readonly summary?: readonly { readonly type?: string; readonly text?: string }[];
  readonly encrypted_content?: string | null;
  // function_call
  readonly call_id?: string;
  readonly name?: string;
  readonly arguments?: string;
  // image_generation_call
  readonly result?: string | null;
  readonly output_format?: string;
  readonly revised_prompt?: string;
  readonly [key: string]: unknown;
}

/** Token usage of a response. */
export interface WireUsage {
  readonly input_tokens?: number;
  readonly output_tokens?: number;
  readonly total_tokens?: number;
  readonly input_tokens_details?: { readonly cached_tokens?: number } | null;
  readonly output_tokens_details?: { readonly reasoning_tokens?: number } | null;
}

/** An error object inside a failed response, or an `error` stream event. */
export interface WireError {
  readonly code?: string | null;
  readonly type?: string | null;
  readonly message?: string | null;
  readonly param?: string | null;
}

/** The Response object (non-streamed body, and inside `response.*` lifecycle events). */
export interface WireResponse {
  readonly id?: string;
  readonly object?: string;
  readonly status?: string;
  readonly model?: string;
  readonly output?: readonly WireOutputItem[];
  readonly usage?: WireUsage | null;
  readonly error?: WireError | null;
  readonly incomplete_details?: { readonly reason?: string } | null;
}

/** One stream event (the `data:` payload of an SSE event, or one WebSocket message). */
export interface WireStreamEvent {
  readonly type: string;
  readonly sequence_number?: number;
  readonly response?: WireResponse;
  readonly output_index?: number;
  readonly item_id?: string;
  readonly item?: WireOutputItem;
  readonly content_index?: number;
  readonly summary_index?: number;
  readonly delta?: string;
  readonly text?: string;
  readonly arguments?: string;
  readonly annotation?: WireAnnotation;
  readonly partial_image_index?: number;
  readonly partial_image_b64?: string;
  readonly output_format?: string;
  // `error` events: flat in the API reference, nested under `error` on the live API;
  // WebSocket mode adds the HTTP `status` the same request would have had
  readonly status?: number;
  readonly code?: string | null;
  readonly message?: string | null;
  readonly error?: WireError | null;
}

/** An input item sent in `input`. */
export type WireInputItem = JsonObject;
