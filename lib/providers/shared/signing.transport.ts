import { defer, from, mergeMap, type Observable } from 'rxjs';
import type { JsonValue } from '../../core/json.types';
import { AuthenticationError } from '../../errors/authentication.error';
import { ChatError } from '../../errors/chat.error';
import type { MessageChannel, Transport, TransportRequest, TransportResponse, TransportStream } from '../../transport/transport.types';

/** Finishes a request just before it is sent: adds a fresh token, signs it, rewrites its URL. */
export type RequestSigner = (request: TransportRequest) => Promise<TransportRequest>;

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A transport that finishes every request with `sign` before handing it to the inner transport:
 * the place for credentials that are computed per request (an Entra ID or Google access token
 * refreshed on expiry, an AWS SigV4 signature over the final body) and for URL rules of a cloud
 * endpoint (`api-version`, deployment paths). A signer that fails becomes an `AuthenticationError`.
 * The signer and the inner transport live in `#private` fields; printing the transport shows its
 * name only.
 *
 * @example
 * const transport = new SigningTransport(defaultTransport(), async (request) => ({
 *   ...request,
 *   headers: secretHeaders({ ...request.headers, authorization: `Bearer ${await tokens.get()}` }),
 * }));
 */
export class SigningTransport implements Transport {
  readonly #inner: Transport;
  readonly #sign: RequestSigner;
  readonly events?: (request: TransportRequest) => Observable<JsonValue>;
  readonly duplex?: (request: TransportRequest, open: (channel: MessageChannel) => void) => Observable<JsonValue>;

  constructor(inner: Transport, sign: RequestSigner) {
    this.#inner = inner;
    this.#sign = sign;
    if (inner.events) {
      const events = inner.events.bind(inner);
      this.events = (request) => defer(() => from(this.signed(request))).pipe(mergeMap((r) => events(r)));
    }
    if (inner.duplex) {
      const duplex = inner.duplex.bind(inner);
      this.duplex = (request, open) => defer(() => from(this.signed(request))).pipe(mergeMap((r) => duplex(r, open)));
    }
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    return this.#inner.request(await this.signed(request));
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    return this.#inner.stream(await this.signed(request));
  }

  async dispose(): Promise<void> {
    await this.#inner.dispose?.();
  }

  toJSON(): { transport: string } {
    return { transport: 'SigningTransport' };
  }

  [INSPECT](): string {
    return 'SigningTransport {}';
  }

  private async signed(request: TransportRequest): Promise<TransportRequest> {
    try {
      return await this.#sign(request);
    } catch (error) {
      if (ChatError.is(error)) throw error;
      throw new AuthenticationError(`${request.provider}: could not obtain credentials for the request: ${(error as Error)?.message ?? String(error)}`, {
        provider: request.provider,
        cause: error,
      });
    }
  }
}
