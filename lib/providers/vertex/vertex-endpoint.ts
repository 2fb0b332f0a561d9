import { ConfigurationError } from '../../errors/configuration.error';
import { readEnv } from '../shared/http-provider-builder.base';

/** Environment variables read for the Google Cloud project, in order. */
export const VERTEX_PROJECT_ENV = ['GOOGLE_VERTEX_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'] as const;
/** Environment variables read for the location (region, or `global`), in order. */
export const VERTEX_LOCATION_ENV = ['GOOGLE_VERTEX_LOCATION', 'GOOGLE_CLOUD_LOCATION'] as const;
/** Environment variable read for a Vertex AI express-mode API key (Gemini only). */
export const VERTEX_API_KEY_ENV = 'GOOGLE_VERTEX_API_KEY';
/** The OAuth scope of Vertex AI access tokens. */
export const VERTEX_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** Where Vertex AI requests go. */
export interface VertexLocation {
  readonly project?: string;
  /** A region such as `us-central1`, or `global` (default `us-central1`). */
  readonly location: string;
  /** The API endpoint root (default `https://<location>-aiplatform.googleapis.com`, or `https://aiplatform.googleapis.com` for `global`). */
  readonly apiEndpoint: string;
}

/**
 * Resolves project, location and endpoint from the builder's settings and the environment.
 * `needsProject` is false in express mode (an API key, Gemini only).
 */
export function resolveVertexLocation(
  settings: { readonly project?: string; readonly location?: string; readonly apiEndpoint?: string },
  builder: string,
  provider: string,
  needsProject: boolean,
): VertexLocation {
  const project = settings.project ?? readEnv(VERTEX_PROJECT_ENV, true);
  if (needsProject && !project) {
    throw new ConfigurationError(`${builder}: no Google Cloud project; call withProject() or set ${VERTEX_PROJECT_ENV.join(' or ')}`, { provider });
  }
  const location = settings.location ?? readEnv(VERTEX_LOCATION_ENV, true) ?? 'us-central1';
  if (!/^[a-z0-9-]+$/.test(location)) throw new ConfigurationError(`${builder}: "${location}" is not a Vertex AI location (e.g. us-central1, global)`, { provider });
  const apiEndpoint = (settings.apiEndpoint ?? (location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`)).replace(/\/+$/, '');
  return { project, location, apiEndpoint };
}

/**
 * The base URL of a publisher's models: `<endpoint>/v1/projects/<project>/locations/<location>/publishers/<publisher>`,
 * or `<endpoint>/v1/publishers/<publisher>` without a project (express mode).
 *
 * @example
 * publisherUrl({ project: 'p', location: 'global', apiEndpoint: 'https://aiplatform.googleapis.com' }, 'google');
 * // 'https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google'
 */
export function publisherUrl(where: VertexLocation, publisher: 'google' | 'anthropic'): string {
  const scope = where.project ? `/projects/${encodeURIComponent(where.project)}/locations/${where.location}` : '';
  return `${where.apiEndpoint}/v1${scope}/publishers/${publisher}`;
}
