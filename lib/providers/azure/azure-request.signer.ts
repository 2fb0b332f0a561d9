import type { JsonValue } from '../../core/json.types';
import { secretHeaders } from '../../transport/secret-headers';
import type { TransportRequest } from '../../transport/transport.types';
import type { AccessTokenCache } from '../shared/access-token.cache';
import type { RequestSigner } from '../shared/signing.transport';

/** Where and how an Azure OpenAI resource is called. */
export interface AzureEndpoint {
  /** The resource's OpenAI root, e.g. `https://my-resource.openai.azure.com/openai`. */
  readonly root: string;
  /** `api-version` query parameter (none on the v1 API unless set, e.g. `preview`). */
  readonly apiVersion?: string;
  /** Deployment-based URLs (`/openai/deployments/{deployment}/chat/completions?api-version=…`) instead of the v1 API. */
  readonly deploymentUrls: boolean;
}

/**
 * Normalises what a user gives as the Azure endpoint to the resource's OpenAI root:
 * `https://r.openai.azure.com` and `https://r.openai.azure.com/` gain `/openai`; a URL ending in
 * `/openai/v1` loses `/v1`; anything else (a proxy path) is kept.
 *
 * @example
 * azureRoot('https://my-resource.openai.azure.com/'); // 'https://my-resource.openai.azure.com/openai'
 */
export function azureRoot(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  if (/\/openai\/v1$/.test(trimmed)) return trimmed.slice(0, -3);
  try {
    if (new URL(trimmed).pathname.replace(/\/+$/, '') === '') return `${trimmed}/openai`;
  } catch {
    return trimmed;
  }
  return trimmed;
}

/** The base URL the wire family's provider posts under (`{root}/v1`, or `{root}` for deployment URLs, which the signer rewrites). */
export function familyBaseUrl(endpoint: AzureEndpoint): string {
  return endpoint.deploymentUrls ? endpoint.root : `${endpoint.root}/v1`;
}

function modelOf(body: TransportRequest['body']): string | undefined {
  const model = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { [key: string]: JsonValue }).model : undefined;
  return typeof model === 'string' ? model : undefined;
}

/** The Azure URL of a family request: deployment path and `api-version` where the endpoint needs them. */
export function azureUrl(endpoint: AzureEndpoint, request: TransportRequest): string {
  let url = request.url;
  if (endpoint.deploymentUrls && url.startsWith(`${endpoint.root}/`)) {
    const rest = url.slice(endpoint.root.length);
    const deployment = modelOf(request.body);
    if (deployment !== undefined && /^\/(chat\/completions|embeddings)$/.test(rest)) {
      url = `${endpoint.root}/deployments/${encodeURIComponent(deployment)}${rest}`;
    }
  }
  if (endpoint.apiVersion === undefined) return url;
  return `${url}${url.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(endpoint.apiVersion)}`;
}

/**
 * The signer of every Azure request: the URL rules of {@link azureUrl}, and with a token cache an
 * `Authorization: Bearer <Entra ID token>` header (refreshed on expiry by the cache).
 */
export function azureSigner(endpoint: AzureEndpoint, tokens?: AccessTokenCache): RequestSigner {
  return async (request) => {
    const url = azureUrl(endpoint, request);
    if (!tokens) return { ...request, url };
    const token = await tokens.get();
    return { ...request, url, headers: secretHeaders({ ...request.headers, authorization: `Bearer ${token}` }) };
  };
}
