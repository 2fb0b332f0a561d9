import type { JsonObject, JsonValue } from '../../core/json.types';

/** Anthropic Messages API shapes this provider reads and writes (only the fields it uses). */

/** Where an image or document's bytes are. */
export type ClaudeSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: 'text/plain'; data: string };

/** A content block sent in a request. */
export type ClaudeRequestBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: ClaudeSource }
  | { type: 'document'; source: ClaudeSource; title?: string }
  | { type: 'tool_use'; id: string; name: string; input: JsonObject }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | JsonObject;

/** One request message. */
export interface ClaudeRequestMessage {
  role: 'user' | 'assistant';
  content: ClaudeRequestBlock[];
}

/** A tool offered to the model. */
export interface ClaudeTool {
  name: string;
  description?: string;
  input_schema: JsonObject;
}

/** `tool_choice`. */
export type ClaudeToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** The `POST /v1/messages` body. */
export interface ClaudeRequestBody {
  model: string;
  max_tokens: number;
  messages: ClaudeRequestMessage[];
  system?: string;
  tools?: Array<ClaudeTool | JsonObject>;
  tool_choice?: ClaudeToolChoice;
  thinking?: { type: 'enabled'; budget_tokens: number };
  output_config?: { format: { type: 'json_schema'; schema: JsonObject } };
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  stream?: boolean;
}

/** Usage as Anthropic reports it (`input_tokens` excludes cache reads and writes). */
export interface ClaudeUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** A content block of a response (known kinds typed loosely; unknown kinds kept raw). */
export interface ClaudeResponseBlock {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
  input?: JsonValue;
  citations?: JsonValue[] | null;
  [key: string]: JsonValue | undefined;
}

/** A whole (non-streamed) response. */
export interface ClaudeResponseBody {
  id?: string;
  type?: string;
  model?: string;
  content?: ClaudeResponseBlock[];
  stop_reason?: string | null;
  usage?: ClaudeUsage;
  error?: { type?: string; message?: string };
}
