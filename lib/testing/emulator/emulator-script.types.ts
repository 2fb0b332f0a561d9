import type { JsonValue } from '../../core/json.types';

/** A tool call the emulated model makes. */
export interface EmulatedToolCall {
  /** Call id; generated when absent. */
  readonly id?: string;
  readonly name: string;
  /** Arguments object (or a raw string, to emulate invalid JSON). */
  readonly arguments: JsonValue;
}

/** An error the emulated provider answers with. Each wire renders it in its provider's error-body shape. */
export interface EmulatedError {
  readonly status: number;
  /** Provider error code/type; a sensible one per status when absent. */
  readonly code?: string;
  readonly message?: string;
  /** `Retry-After` header, in seconds. */
  readonly retryAfter?: number;
  /** Exact body to send instead of the wire's error shape (string: sent raw, e.g. an HTML page). */
  readonly body?: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
  /** Content-filter categories that blocked the request, for wires that report them (Azure: `code: 'content_filter'`). */
  readonly categories?: readonly string[];
}

/**
 * Transport-level faults.
 * - `reset-before`: close the socket before any response.
 * - `reset-mid`: stream some chunks (`afterChunks`), then destroy the socket.
 * - `stall-mid` / `stall-before`: stop sending (headers sent or not) and keep the socket open.
 * - `truncate`: a 200 JSON body cut in the middle.
 * - `empty`: a 200 with an empty body.
 * - `malformed`: a stream event that is not valid JSON, after `afterChunks` chunks.
 * - `html-502`: a 502 with an HTML page, as a proxy would send.
 */
export type EmulatedFault = 'reset-before' | 'reset-mid' | 'stall-mid' | 'stall-before' | 'truncate' | 'empty' | 'malformed' | 'html-502';

/**
 * A source cited by an emulated web search / grounding. `kind: 'maps'` is a Google Maps place
 * (the Gemini wire renders it as a `groundingChunks[].maps` chunk with `placeId`); other wires
 * render every source as a web result.
 */
export interface EmulatedSource {
  readonly url: string;
  readonly title?: string;
  /** `web` (default) or `maps` (a Google Maps place, Gemini only). */
  readonly kind?: 'web' | 'maps';
  /** For `kind: 'maps'`: the place id, e.g. `places/ChIJD7fiBh9u5kcRYJSMaMOCCwQ` (derived from the title when absent). */
  readonly placeId?: string;
}

/**
 * One scripted answer: provider-neutral data, rendered by each wire in its own format.
 * A session's requests consume its replies in order; when none are left the emulator echoes.
 *
 * Embedding requests (`/embeddings`, `/api/embed`, `:embedContent`, `:batchEmbedContents`) are
 * answered with deterministic vectors (`emulatedEmbedding`) and consume a reply only when it is
 * marked `route: 'embeddings'`, or when the next unmarked reply carries an `error` or a `fault`
 * (then that error or fault answers the embedding request). Plain chat replies are never taken by
 * embedding requests; mark a chat error `route: 'chat'` to keep it from an embedding request.
 * On an embedding request, `error`, `fault` (`reset-before`, `stall-before`, `html-502`, `empty`,
 * `truncate`) and `delayMs` apply; the text, tool and usage fields do not.
 *
 * @example
 * emulator.script([
 *   { route: 'embeddings', error: { status: 429, retryAfter: 1 } }, // the first embedding batch
 *   { text: 'Hello!' },                                               // the first chat request
 * ]);
 */
export interface EmulatedReply {
  readonly text?: string;
  readonly reasoning?: string;
  /** Opaque signature the wire attaches to the reasoning (Claude signature, Gemini thoughtSignature). */
  readonly reasoningSignature?: string;
  readonly toolCalls?: readonly EmulatedToolCall[];
  /** Structured reply: sent as the JSON text of this value. */
  readonly json?: JsonValue;
  readonly usage?: { readonly input?: number; readonly output?: number; readonly reasoning?: number; readonly cached?: number };
  /** Unified finish reason; derived (stop / tool-calls) when absent. */
  readonly finishReason?: 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'refusal';
  readonly error?: EmulatedError;
  readonly fault?: EmulatedFault;
  /** For `reset-mid`, `stall-mid`, `malformed`: how many chunks to send first. */
  readonly afterChunks?: number;
  /** Wait before answering, ms. */
  readonly delayMs?: number;
  /** Wait between stream chunks, ms. */
  readonly chunkDelayMs?: number;
  /**
   * Chat Completions wire only: stream parallel tool calls interleaved (every call's header first,
   * then argument pieces round-robin: 0, 1, 0, 1, ...), as some OpenAI-compatible servers do, to
   * test a client's accumulator. Default: one call at a time (header, then all of its arguments),
   * as OpenAI sends them and as openai-node's `chat.completions.stream()` helper expects.
   */
  readonly interleaveToolCalls?: boolean;
  /**
   * Chat Completions wire only: put `usage` on the streamed chunk that carries `finish_reason`,
   * unasked, as Mistral does (its API has no `stream_options`). Default: a separate usage chunk,
   * only when the request asks with `stream_options.include_usage`, as OpenAI does.
   */
  readonly usageOnFinishChunk?: boolean;
  /** Characters per text chunk when streaming (default: one word per chunk). */
  readonly chunkSize?: number;
  /** Native tool results: web search / grounding sources. */
  readonly sources?: readonly EmulatedSource[];
  /** Native code execution: code and its output. */
  readonly codeExecution?: { readonly language?: string; readonly code: string; readonly output: string };
  /** Native image generation: base64 PNG images. */
  readonly images?: readonly { readonly data: string; readonly mediaType?: string }[];
  /** Only answer requests of this wire (e.g. `claude`); others skip the reply. */
  readonly wire?: string;
  /**
   * Only answer chat requests (`chat`) or embedding requests (`embeddings`). Unset: chat requests,
   * and embedding requests too when the reply carries an `error` or a `fault` (see above).
   */
  readonly route?: 'chat' | 'embeddings';
}

/** A script as the CLI reads it from JSON: replies per session. */
export interface EmulatorScriptFile {
  readonly sessions?: Readonly<Record<string, readonly EmulatedReply[]>>;
  readonly replies?: readonly EmulatedReply[];
}
