import { ConfigurationError } from '../../errors/configuration.error';

/** URL schemes every HTTP builder accepts. */
export const HTTP_SCHEMES = ['http:', 'https:'] as const;

/**
 * Checks a builder's base URL: it must be an absolute URL with one of `schemes` (default `http:`
 * and `https:`; the Responses builders also take `ws:`/`wss:` for a WebSocket transport). Builders
 * call it at `build()` (on the configured value or the one read from the environment), so a typo
 * fails at start-up with a `ConfigurationError` naming the builder and the value, instead of a
 * retryable `NetworkError` at the first call. Returns the URL unchanged.
 *
 * @example
 * assertBaseUrl('ClaudeBuilder', 'not a url', 'claude');
 * // throws ConfigurationError: ClaudeBuilder: base URL "not a url" is not an absolute http(s) URL (e.g. https://api.example.com/v1)
 */
export function assertBaseUrl(builder: string, baseUrl: string, provider?: string, schemes: readonly string[] = HTTP_SCHEMES): string {
  let protocol: string | undefined;
  try {
    protocol = new URL(baseUrl).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === undefined || !schemes.includes(protocol)) {
    const kinds = schemes.map((s) => s.slice(0, -1)).join('/');
    throw new ConfigurationError(`${builder}: base URL ${JSON.stringify(baseUrl)} is not an absolute ${kinds === 'http/https' ? 'http(s)' : kinds} URL (e.g. https://api.example.com/v1)`, {
      ...(provider ? { provider } : {}),
    });
  }
  return baseUrl;
}
