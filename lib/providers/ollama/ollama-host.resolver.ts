/** Ollama's default address. */
export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';

/**
 * Resolves `OLLAMA_HOST` as the Ollama CLI does: `host`, `host:port`, `:port`, `scheme://host[:port]`
 * or an empty value. Without a scheme the port defaults to 11434; `http://` without a port means 80,
 * `https://` 443. Returns the server root (no `/v1`).
 *
 * @example
 * resolveOllamaHost('0.0.0.0') // 'http://0.0.0.0:11434'
 * resolveOllamaHost('https://ollama.example.com') // 'https://ollama.example.com:443'
 */
export function resolveOllamaHost(value: string | undefined = process.env.OLLAMA_HOST): string {
  const raw = (value ?? '').trim();
  if (raw === '') return OLLAMA_DEFAULT_HOST;
  let scheme = 'http';
  let rest = raw;
  let defaultPort = '11434';
  const cut = raw.indexOf('://');
  if (cut !== -1) {
    scheme = raw.slice(0, cut).toLowerCase();
    rest = raw.slice(cut + 3);
    if (scheme === 'http') defaultPort = '80';
    if (scheme === 'https') defaultPort = '443';
  }
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');
  let host = hostPort;
  let port = defaultPort;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  const colon = hostPort.lastIndexOf(':');
  if (bracketed) {
    host = `[${bracketed[1]}]`;
    port = bracketed[2] ?? defaultPort;
  } else if (colon !== -1 && hostPort.indexOf(':') === colon) {
    host = hostPort.slice(0, colon);
    port = hostPort.slice(colon + 1) || defaultPort;
  } else if (colon !== -1) {
    host = `[${hostPort}]`; // a bare IPv6 address
  }
  return `${scheme}://${host || '127.0.0.1'}:${port}${path}`;
}
