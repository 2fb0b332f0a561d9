import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue } from '../../core/json.types';
import type { EmulatedError, EmulatedReply } from './emulator-script.types';
import type { RecordedRequest } from './recorded-request.types';

/** What a wire recognised in a request. */
export interface WireRoute {
  /** `chat`: consumes a scripted reply; `embeddings`: deterministic vectors; `custom`: the wire answers itself. */
  readonly kind: 'chat' | 'embeddings' | 'custom';
  readonly stream: boolean;
  readonly model?: string;
}

/** Everything a wire needs to render one reply. */
export interface WireContext {
  readonly reply: EmulatedReply;
  readonly request: RecordedRequest;
  readonly model: string;
  /** A fresh id with this prefix (deterministic per emulator). */
  id(prefix: string): string;
  /** The reply text split into stream chunks (words, or `reply.chunkSize` characters). */
  chunks(text: string): string[];
}

/** One stream, as frames the core writes with delays and faults. */
export interface WireStream {
  readonly contentType: string;
  /** Text frames (SSE, NDJSON) or binary ones (Bedrock's AWS event stream). */
  readonly frames: readonly (string | Uint8Array)[];
}

/**
 * A provider wire format the emulator speaks. Wires render provider-neutral replies into their
 * provider's real bytes; they share no code with chat-ts's providers.
 */
export interface EmulatorWire {
  readonly name: string;
  /** Recognises a request of this wire (undefined: not mine). */
  match(method: string, path: string, body: JsonValue): WireRoute | undefined;
  /** The last user text of a request, for the echo reply when no script is loaded. */
  lastUserText(body: JsonValue): string | undefined;
  /** Whole (non-streamed) reply body. */
  renderJson(ctx: WireContext): JsonValue;
  /** Streamed reply frames (SSE or NDJSON, with this wire's framing). */
  renderStream(ctx: WireContext): WireStream;
  /**
   * A request the real API refuses (e.g. Claude's thinking rules): the error answers it instead of
   * the scripted reply, which stays queued. Checked for `chat` and `embeddings` routes; `request`
   * gives the path, query and headers (e.g. Azure's `api-key` and `api-version` rules).
   */
  rejectRequest?(body: JsonValue, request: RecordedRequest): EmulatedError | undefined;
  /** Error body in this provider's shape. */
  renderError(error: EmulatedError, ctx: WireContext): JsonValue;
  /** A malformed frame in this wire's framing (for the `malformed` fault). */
  malformedFrame(): string | Uint8Array;
  /** Texts to embed from an embeddings request body. */
  embeddingInputs?(body: JsonValue): string[];
  /** Embeddings response body for these vectors. */
  renderEmbeddings?(vectors: number[][], ctx: WireContext, body: JsonValue): JsonValue;
  /** Answers a `custom` route itself (e.g. Ollama `/api/pull` progress). */
  handleCustom?(req: IncomingMessage, res: ServerResponse, body: JsonValue, path: string): Promise<void> | void;
}
