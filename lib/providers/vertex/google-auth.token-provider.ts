import { ConfigurationError } from '../../errors/configuration.error';
import type { AccessToken, TokenProvider } from '../shared/access-token.cache';
import { VERTEX_SCOPE } from './vertex-endpoint';

/** Options of {@link googleAuthTokenProvider}: what `new GoogleAuth(options)` takes. */
export interface GoogleAuthOptions {
  /** A service-account or external-account key file instead of Application Default Credentials. */
  readonly keyFilename?: string;
  /** Scopes (default `https://www.googleapis.com/auth/cloud-platform`). */
  readonly scopes?: string | readonly string[];
  /**
   * Options handed to the auth client google-auth-library creates (`clientOptions` of `GoogleAuth`),
   * e.g. `{ endpoints: { oauth2TokenUrl } }` for a private token endpoint. Node's `fetch` is the
   * default `transporterOptions.fetchImplementation`.
   */
  readonly clientOptions?: { readonly [key: string]: unknown };
}

interface GoogleAuthModule {
  GoogleAuth: new (options: {
    keyFilename?: string;
    scopes?: string | string[];
    clientOptions?: { [key: string]: unknown };
  }) => {
    getClient(): Promise<{ getAccessToken(): Promise<{ token?: string | null }>; credentials?: { expiry_date?: number | null } }>;
  };
}

/** Whether `google-auth-library` (an optional peer dependency) can be loaded. */
export function hasGoogleAuthLibrary(): boolean {
  try {
    require.resolve('google-auth-library');
    return true;
  } catch {
    return false;
  }
}

/**
 * Access tokens from Google Application Default Credentials through `google-auth-library` (an
 * optional peer dependency, loaded on the first request): `GOOGLE_APPLICATION_CREDENTIALS`, the
 * gcloud user credentials, or the metadata server of GCE, Cloud Run and GKE. The token's expiry
 * comes with it, so it is asked again only shortly before it expires.
 *
 * @example
 * new VertexGeminiBuilder().withProject('my-project').withTokenProvider(googleAuthTokenProvider({ keyFilename: 'sa.json' }));
 */
export function googleAuthTokenProvider(options: GoogleAuthOptions = {}): TokenProvider {
  let client: ReturnType<InstanceType<GoogleAuthModule['GoogleAuth']>['getClient']> | undefined;
  return async (): Promise<AccessToken> => {
    if (!client) {
      let module: GoogleAuthModule;
      try {
        module = (await import('google-auth-library')) as unknown as GoogleAuthModule;
      } catch {
        throw new ConfigurationError('Vertex AI with Application Default Credentials needs google-auth-library: npm install google-auth-library (or give withTokenProvider())', {
          provider: 'vertex',
        });
      }
      const scopes = options.scopes === undefined ? VERTEX_SCOPE : typeof options.scopes === 'string' ? options.scopes : [...options.scopes];
      // Node's own fetch for the token requests (gaxios would otherwise load node-fetch through a dynamic import).
      const clientOptions = { transporterOptions: { fetchImplementation: globalThis.fetch }, ...options.clientOptions };
      client = new module.GoogleAuth({ keyFilename: options.keyFilename, scopes, clientOptions }).getClient();
      client.catch(() => (client = undefined));
    }
    const resolved = await client;
    const { token } = await resolved.getAccessToken();
    if (!token) throw new Error('google-auth-library returned no access token');
    return { token, expiresAt: resolved.credentials?.expiry_date ?? undefined };
  };
}
