import type { Clock } from '../../core/clock.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { AccessTokenCache, type TokenProvider } from '../shared/access-token.cache';
import { googleAuthTokenProvider, hasGoogleAuthLibrary, type GoogleAuthOptions } from './google-auth.token-provider';
import { resolveVertexLocation, type VertexLocation } from './vertex-endpoint';

/** What the Vertex builders collect about the Google Cloud side (never a secret). */
export interface VertexSettings {
  project?: string;
  location?: string;
  apiEndpoint?: string;
}

/**
 * The Google Cloud half of a Vertex builder: project, location, endpoint and where tokens come from
 * (a callback, or Application Default Credentials through `google-auth-library`). The token
 * provider lives in a `#private` field.
 */
export class VertexAccess {
  readonly settings: VertexSettings = {};
  #tokens?: TokenProvider;

  setTokenProvider(provider: TokenProvider): void {
    this.#tokens = provider;
  }

  setGoogleAuth(options: GoogleAuthOptions): void {
    this.#tokens = googleAuthTokenProvider(options);
  }

  /**
   * Resolves where requests go and the token cache. Without an API key, tokens come from the
   * callback, else from Application Default Credentials (a `ConfigurationError` naming
   * `google-auth-library` when it is not installed).
   */
  resolve(builder: string, provider: string, apiKey: string | undefined, clock?: Clock): { where: VertexLocation; tokens?: AccessTokenCache } {
    const where = resolveVertexLocation(this.settings, builder, provider, apiKey === undefined);
    if (apiKey !== undefined && !this.#tokens) return { where };
    let tokens = this.#tokens;
    if (!tokens) {
      if (!hasGoogleAuthLibrary()) {
        throw new ConfigurationError(
          `${builder}: no credentials; install google-auth-library for Application Default Credentials, or call withTokenProvider()`,
          { provider },
        );
      }
      tokens = googleAuthTokenProvider();
    }
    return { where, tokens: new AccessTokenCache(tokens, { clock }) };
  }
}

const ACCESS = new WeakMap<object, VertexAccess>();

/** The Google Cloud half of a Vertex builder (made on first use; held outside the builder, so printing it shows nothing of it). */
export function vertexAccessOf(builder: object): VertexAccess {
  let access = ACCESS.get(builder);
  if (!access) ACCESS.set(builder, (access = new VertexAccess()));
  return access;
}

/**
 * The Google Cloud settings both Vertex builders (`VertexGeminiBuilder`, `VertexClaudeBuilder`)
 * take, written once: each builder declares them by interface merging and gets them from
 * {@link installVertexAccessSetters}.
 *
 * @example
 * new VertexGeminiBuilder().withProject('my-project').withLocation('global').withTokenProvider(() => token);
 */
export interface VertexAccessSetters {
  /** The Google Cloud project (else `GOOGLE_VERTEX_PROJECT` / `GOOGLE_CLOUD_PROJECT`). */
  withProject(project: string): this;
  /** The location: a region (`us-central1`, `us-east5`) or `global` (else `GOOGLE_VERTEX_LOCATION` / `GOOGLE_CLOUD_LOCATION`). */
  withLocation(location: string): this;
  /** The API endpoint root instead of `https://<location>-aiplatform.googleapis.com` (Private Service Connect, a proxy, the emulator). */
  withBaseUrl(apiEndpoint: string): this;
  /** OAuth access tokens from a callback (kept until shortly before the expiry it gives). */
  withTokenProvider(provider: TokenProvider): this;
  /** Application Default Credentials through `google-auth-library`, or a key file (the default when no key or token provider is given). */
  withGoogleAuth(options?: GoogleAuthOptions): this;
}

const SETTERS = {
  withProject(this: object, project: string) {
    vertexAccessOf(this).settings.project = project;
    return this;
  },
  withLocation(this: object, location: string) {
    vertexAccessOf(this).settings.location = location;
    return this;
  },
  withBaseUrl(this: object, apiEndpoint: string) {
    vertexAccessOf(this).settings.apiEndpoint = apiEndpoint;
    return this;
  },
  withTokenProvider(this: object, provider: TokenProvider) {
    vertexAccessOf(this).setTokenProvider(provider);
    return this;
  },
  withGoogleAuth(this: object, options: GoogleAuthOptions = {}) {
    vertexAccessOf(this).setGoogleAuth(options);
    return this;
  },
} satisfies { readonly [K in keyof VertexAccessSetters]: (this: object, ...args: Parameters<VertexAccessSetters[K]>) => object };

/** Puts the {@link VertexAccessSetters} on a builder class's prototype, as methods (non-enumerable, like a class's own). */
export function installVertexAccessSetters(builder: { readonly prototype: object }): void {
  for (const [name, method] of Object.entries(SETTERS)) Object.defineProperty(builder.prototype, name, { value: method, writable: true, configurable: true, enumerable: false });
}
