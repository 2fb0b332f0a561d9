import type { JsonValue } from '../../core/json.types';

/** The `format` tag of every cassette file. */
export const CASSETTE_FORMAT = 'chat-ts-cassette';
/** The cassette format version this chat-ts writes and reads (see docs/cassettes.md). */
export const CASSETTE_VERSION = 1;

/** A body as recorded: parsed JSON, text, or base64 bytes (exactly one is set). */
export interface CassetteBody {
  /** The body parsed as JSON (re-serialised compactly on replay). */
  readonly json?: JsonValue;
  /** The body as UTF-8 text, byte for byte. */
  readonly text?: string;
  /** Bytes that are not UTF-8 text (e.g. AWS event-stream frames), base64. */
  readonly base64?: string;
}

/** One piece of a streamed response, as it arrived from the provider. */
export interface CassetteChunk extends CassetteBody {
  /** Milliseconds after the previous chunk (after the response head for the first). */
  readonly delayMs: number;
}

/** The request half of an interaction (secrets removed). */
export interface CassetteRequest {
  readonly method: string;
  /** Path without the query, e.g. `/v1/messages`. */
  readonly path: string;
  /** Query parameters, secrets (`key`, `api-key`, `X-Amz-Signature`, ...) removed. */
  readonly query: Readonly<Record<string, string>>;
  /** Headers that matter (lower-case names; an allowlist, never credentials). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body; undefined for a request without one. */
  readonly body?: CassetteBody;
}

/** The response half of an interaction. */
export interface CassetteResponse {
  readonly status: number;
  /** Headers that matter (content type, retry-after, rate-limit and request-id headers). */
  readonly headers: Readonly<Record<string, string>>;
  /** A whole response body. */
  readonly body?: CassetteBody;
  /** A streamed response body, chunk by chunk with its original framing and timing. */
  readonly chunks?: readonly CassetteChunk[];
}

/** One recorded exchange. */
export interface CassetteInteraction {
  readonly request: CassetteRequest;
  readonly response: CassetteResponse;
  /** ISO time the exchange began. */
  readonly recordedAt: string;
  /** Milliseconds from the request to the response head. */
  readonly latencyMs: number;
}

/**
 * A cassette file (`<name>.cassette.json`): recorded provider traffic, replayable by the emulator.
 *
 * @example
 * const cassette: Cassette = { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, name: 'greeting', interactions: [] };
 */
export interface Cassette {
  readonly format: typeof CASSETTE_FORMAT;
  readonly version: typeof CASSETTE_VERSION;
  readonly name: string;
  /** Origin the traffic was recorded from (no credentials), or where it was imported from. */
  readonly target?: string;
  readonly interactions: readonly CassetteInteraction[];
}
