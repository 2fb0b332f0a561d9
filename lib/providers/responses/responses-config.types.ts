import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import type { NativeTool } from '../../core/tool.types';
import type { Transport } from '../../transport/transport.types';
import type { BodyQuirk } from '../shared/body.quirks';
import type { ErrorResponseMapper } from '../shared/http-provider.kernel';

/** How much reasoning summary a reasoning model writes (`reasoning.summary`). */
export type ReasoningSummaryMode = 'auto' | 'concise' | 'detailed';

/**
 * Everything a {@link ResponsesProvider} needs: a plain object, so the provider can be built by a
 * builder or injected (NestJS) directly.
 */
export interface ResponsesConfig {
  /** Provider id used in origins, metadata and errors (`responses`, `openai`, ...). */
  readonly id: string;
  /** Base URL; requests go to `${baseUrl}/responses`. */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer <key>` when present. */
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly transport: Transport;
  readonly idleTimeout?: number;
  /** Whole-request timeout in ms (default 10 minutes; `0` for none): `complete()`/`embed()`, and a stream until its headers arrive. A call's `timeout` option wins. */
  readonly timeout?: number;
  readonly clock?: Clock;
  /** `store` on every request (server default: true). `false` also asks for encrypted reasoning. */
  readonly store?: boolean;
  /** Chain turns with `previous_response_id` when the last assistant message came from this provider (default: on over a message transport, off over HTTP). */
  readonly autoChain?: boolean;
  readonly reasoningSummary?: ReasoningSummaryMode;
  readonly parallelToolCalls?: boolean;
  /** Native tools switched on by the builder (`web-search`, `image-generation`). */
  readonly nativeTools?: readonly NativeTool[];
  /** Extra fields merged into every request body. */
  readonly extraBody?: { readonly [key: string]: JsonValue };
  /** What the server does differently from the Responses wire (fields dropped, renamed, restricted), applied to every request body. */
  readonly quirks?: readonly BodyQuirk[];
  /** Maps error responses itself instead of the OpenAI error-body reader (Azure reads its content-filter results this way). */
  readonly mapError?: ErrorResponseMapper;
}
