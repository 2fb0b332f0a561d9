import type { JsonValue } from '../../core/json.types';

/** A request the emulator received, for assertions. */
export interface RecordedRequest {
  readonly session: string;
  readonly wire: string;
  readonly method: string;
  readonly path: string;
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
}
