const REGISTRY_KEY = Symbol.for('chat-ts.secret-registry');

type Store = { secrets: Set<string> };

function store(): Store {
  const g = globalThis as unknown as Record<symbol, Store | undefined>;
  return (g[REGISTRY_KEY] ??= { secrets: new Set<string>() });
}

/** Remembers a secret (API key) so that `redact()` can remove it from any text. Builders call it. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) store().secrets.add(secret);
}

/** Replaces every registered secret, and anything shaped like a bearer token or API-key header, with `[REDACTED]`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of store().secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  }
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]')
    .replace(/((?:x-api-key|x-goog-api-key|api-key|authorization)["']?\s*[:=]\s*["']?)[^"',\s}]{8,}/gi, '$1[REDACTED]')
    .replace(/([?&]key=)[^&\s"']+/g, '$1[REDACTED]');
}
