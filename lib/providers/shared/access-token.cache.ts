import type { Clock } from '../../core/clock.types';
import { registerSecret } from '../../errors/secret-registry';

/** An access token with its expiry (what `@azure/identity` and `google-auth-library` hand out). */
export interface AccessToken {
  readonly token: string;
  /** Expiry, epoch milliseconds (`@azure/identity` names it `expiresOnTimestamp`). */
  readonly expiresAt?: number;
  readonly expiresOnTimestamp?: number;
}

/**
 * Returns a bearer token: a string (asked again for every request; cache it yourself) or an
 * {@link AccessToken} with its expiry (kept until shortly before it expires).
 */
export type TokenProvider = () => Promise<string | AccessToken> | string | AccessToken;

/**
 * Keeps the token of a {@link TokenProvider} until `marginMs` before it expires, then asks again;
 * concurrent requests share one pending refresh. Every token is registered as a secret, so no
 * error message or log shows it.
 *
 * @example
 * const tokens = new AccessTokenCache(async () => ({ token: await fetchToken(), expiresAt: Date.now() + 3_600_000 }));
 * const bearer = await tokens.get();
 */
export class AccessTokenCache {
  readonly #provider: TokenProvider;
  readonly #clock?: Clock;
  readonly #marginMs: number;
  #token?: string;
  #expiresAt?: number;
  #pending?: Promise<string>;

  constructor(provider: TokenProvider, options: { readonly clock?: Clock; readonly marginMs?: number } = {}) {
    this.#provider = provider;
    this.#clock = options.clock;
    this.#marginMs = options.marginMs ?? 60_000;
  }

  /** A valid token: the cached one, or a fresh one from the provider. */
  get(): Promise<string> {
    const now = this.#clock?.now() ?? Date.now();
    if (this.#token !== undefined && this.#expiresAt !== undefined && now < this.#expiresAt - this.#marginMs) return Promise.resolve(this.#token);
    this.#pending ??= this.refresh().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Forgets the cached token (e.g. after the server rejected it). */
  invalidate(): void {
    this.#token = undefined;
    this.#expiresAt = undefined;
  }

  toJSON(): Record<string, never> {
    return {};
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'AccessTokenCache {}';
  }

  private async refresh(): Promise<string> {
    const got = await this.#provider();
    const token = typeof got === 'string' ? got : got?.token;
    if (typeof token !== 'string' || token === '') throw new Error('the token provider returned no token');
    registerSecret(token);
    const expiresAt = typeof got === 'string' ? undefined : (got.expiresAt ?? got.expiresOnTimestamp);
    this.#token = expiresAt === undefined ? undefined : token;
    this.#expiresAt = expiresAt;
    return token;
  }
}
