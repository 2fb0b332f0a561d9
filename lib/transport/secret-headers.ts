import { redact } from '../errors/secret-registry';

/** Header names whose value is a credential, whatever it looks like. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|x-api-key|x-goog-api-key|api-key|cookie)$/i;

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The printable form of a header set: credential headers and registered secrets become `[REDACTED]`. */
export function redactedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = CREDENTIAL_HEADER.test(name) ? '[REDACTED]' : redact(String(value));
  return out;
}

/**
 * Wraps request headers so that printing them never shows a credential: `JSON.stringify()` and
 * `util.inspect()` (also of a request object holding them, e.g. in a custom transport or a logging
 * wrapper) show `authorization`, `x-api-key`, `x-goog-api-key`, `api-key` and registered secrets
 * as `[REDACTED]`, while property access, `Object.entries()` and spreading (`{ ...headers }`, as
 * `NodeHttpTransport` and `AxiosTransport` do) still give the real values. Providers wrap the headers of every request.
 *
 * @example
 * const headers = secretHeaders({ authorization: `Bearer ${key}`, accept: 'application/json' });
 * JSON.stringify({ url, headers }); // {"url":…,"headers":{"authorization":"[REDACTED]","accept":"application/json"}}
 * headers.authorization;            // `Bearer ${key}`: sent on the wire as usual
 */
export function secretHeaders(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  // The redacting methods live on a shared prototype, so a spread or Object.entries() copies the
  // real headers only, and wrapping costs one allocation per request.
  return Object.assign(Object.create(SECRET_HEADERS_PROTOTYPE) as Record<string, string>, headers);
}

const SECRET_HEADERS_PROTOTYPE: object = Object.defineProperties(
  {},
  {
    toJSON: {
      value(this: Record<string, string>) {
        return redactedHeaders(this);
      },
    },
    // A non-string result is what `util.inspect` then prints, with the caller's options.
    [INSPECT]: {
      value(this: Record<string, string>) {
        return redactedHeaders(this);
      },
    },
  },
);
