import type { JsonValue } from '../../core/json.types';

/** A request the emulator received, for assertions. */
export interface RecordedRequest {
  readonly session: string;
  readonly wire: string;
  readonly method: string;
  readonly path: string;
  /** The query string without `?` (empty when none), e.g. `api-version=2024-10-21`. */
  readonly query?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (or the raw text when it was not JSON). */
  readonly body: JsonValue;
  readonly stream: boolean;
  /** Set when the client closed the connection before the response finished. */
  closedByClient: boolean;
  /** Set when the response was fully sent. */
  completed: boolean;
  /** WebSocket requests (`method: 'WS'`): number of the socket the message came on (1, 2, ... per emulator). */
  readonly socket?: number;
  /** WebSocket steering: a response the server started by itself (the successor of a steered one); `body` is what it continued with. */
  readonly automatic?: boolean;
  /** WebSocket steering: the steered user input the server added (a successor's, or queued input prepended to a continuation). */
  steeredInput?: JsonValue[];
}
