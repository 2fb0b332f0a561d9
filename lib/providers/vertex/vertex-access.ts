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
