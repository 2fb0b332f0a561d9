import type { JsonValue } from '../../core/json.types';

/** The placeholder written where a secret or a redacted field was. */
export const REDACTED = '[REDACTED]';

/** Headers never written, whatever the options say (credentials, cookies, AWS signing). */
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-api-key|api-key|x-goog-api-key|cookie|set-cookie|x-amz-security-token|x-amz-date|x-amz-content-sha256|x-amz-credential|x-amz-signature|openai-organization|openai-project)$/i;
/** Query parameters never written (keys in URLs, SAS and presigned-URL signatures). */
const SECRET_QUERY = /^(key|api[-_]?key|access[-_]?token|token|sig|signature|x-amz-[a-z-]+|code)$/i;

const REQUEST_HEADERS = /^(content-type|accept|anthropic-version|anthropic-beta|openai-beta|x-goog-api-client)$/i;
const RESPONSE_HEADERS = /^(content-type|retry-after|retry-after-ms|request-id|x-request-id|openai-processing-ms|x-ratelimit-.*|anthropic-ratelimit-.*)$/i;

/** What the recorder keeps out of a cassette. */
export interface RedactionOptions {
  /** Dotted paths of request body fields replaced by `[REDACTED]` (`*` matches any key or index), e.g. `metadata.user_id`, `messages.*.name`. */
  readonly requestFields?: readonly string[];
  /** Dotted paths of JSON response body fields replaced by `[REDACTED]`. */
  readonly responseFields?: readonly string[];
  /** Extra header names to keep (credentials are dropped even when listed). */
  readonly keepHeaders?: readonly string[];
  /** More strings to scrub from every recorded byte (e.g. an account id). */
  readonly secrets?: readonly string[];
}

/** True for a header that a cassette never holds. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.test(name);
}

/** True for a query parameter that a cassette never holds. */
export function isSecretQueryParam(name: string): boolean {
  return SECRET_QUERY.test(name);
}

/** The headers worth recording: an allowlist per direction plus `keep`, credentials never. */
export function headersToRecord(headers: Readonly<Record<string, string>>, direction: 'request' | 'response', keep: readonly string[] = []): Record<string, string> {
  const allow = direction === 'request' ? REQUEST_HEADERS : RESPONSE_HEADERS;
  const extra = new Set(keep.map((k) => k.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (isSecretHeader(lower)) continue;
    if (allow.test(lower) || extra.has(lower)) out[lower] = value;
  }
  return out;
}

/**
 * The secret values a request carries (credential headers, `Bearer` tokens, AWS signatures, keys in
 * the query), so that the recorder can scrub them wherever else they appear (error messages echo them).
 */
export function secretValuesOf(headers: Readonly<Record<string, string>>, query: URLSearchParams): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretHeader(name)) continue;
    values.push(value);
    for (const m of value.matchAll(/(?:Bearer|Basic)\s+(\S+)|Signature=([0-9a-f]+)|Credential=([^,\s]+)/gi)) values.push(m[1] ?? m[2] ?? m[3]);
  }
  for (const [name, value] of query) if (isSecretQueryParam(name)) values.push(value);
  return values.filter((v) => v.length >= 6);
}

const WINDOW = 12;

/**
 * Replaces every secret in `text` by `[REDACTED]`: whole values, and any run of 12+ characters of
 * one (providers echo keys partly, e.g. `sk-abc...wxyz`).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) out = out.split(secret).join(REDACTED);
  for (const secret of ordered) {
    for (let i = 0; i + WINDOW <= secret.length; i++) {
      const piece = secret.slice(i, i + WINDOW);
      if (out.includes(piece)) out = out.split(piece).join(REDACTED);
    }
  }
  return out;
}

/** A copy of `value` with each field at `paths` (dotted, `*` wildcards) replaced by `[REDACTED]`. */
export function redactFields(value: JsonValue, paths: readonly string[]): JsonValue {
  let out = value;
  for (const path of paths) out = redactPath(out, path.split('.'), REDACTED) ?? out;
  return out;
}

/** A copy of `value` without the fields at `paths` (dotted, `*` wildcards). */
export function removeFields(value: JsonValue, paths: readonly string[]): JsonValue {
  let out = value;
  for (const path of paths) out = redactPath(out, path.split('.'), undefined) ?? out;
  return out;
}

function redactPath(value: JsonValue, keys: readonly string[], replacement: JsonValue | undefined): JsonValue | undefined {
  if (keys.length === 0) return replacement;
  if (typeof value !== 'object' || value === null) return value;
  const [head, ...rest] = keys;
  if (Array.isArray(value)) {
    return value.map((item, i) => (head === '*' || head === String(i) ? (redactPath(item, rest, replacement) ?? null) : item));
  }
  const copy: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(value)) {
    const next = head === '*' || head === k ? redactPath(v, rest, replacement) : v;
    if (next !== undefined) copy[k] = next;
  }
  return copy;
}

/** The query of a URL without its secret parameters, as a plain record. */
export function queryToRecord(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of query) if (!isSecretQueryParam(name)) out[name] = value;
  return out;
}
