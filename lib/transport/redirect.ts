import type { TransportRequest } from './transport.types';

/** Redirects a transport follows before it returns the 3xx response itself. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that carry credentials: never sent on to another host or from https down to http. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-goog-api-key']);

/**
 * The request a redirect response asks for, or `undefined` when the response is no redirect to
 * follow. Follows the rules browsers (and `follow-redirects`) apply: 303, and 301/302 after a
 * POST, become a GET without body; 307/308 repeat the request. Credentials are dropped when the
 * redirect leaves the host or goes from https to http.
 */
export function redirectedRequest(request: TransportRequest, status: number, headers: Readonly<Record<string, string>>): TransportRequest | undefined {
  const location = headers.location;
  if (!REDIRECT_STATUSES.has(status) || !location) return undefined;
  let from: URL;
  let to: URL;
  try {
    from = new URL(request.url);
    to = new URL(location, from);
  } catch {
    return undefined;
  }
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return undefined;
  const method = request.method ?? (request.body === undefined ? 'GET' : 'POST');
  const asGet = status === 303 || ((status === 301 || status === 302) && method === 'POST');
  const leaves = to.host !== from.host || (from.protocol === 'https:' && to.protocol === 'http:');
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (leaves && CREDENTIAL_HEADERS.has(lower)) continue;
    if (asGet && (lower === 'content-type' || lower === 'content-length')) continue;
    kept[name] = value;
  }
  const next: TransportRequest = { ...request, url: to.href, headers: kept };
  return asGet ? { ...next, method: 'GET', body: undefined } : next;
}
