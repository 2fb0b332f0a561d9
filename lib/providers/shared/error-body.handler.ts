import type { ChatError } from '../../errors/chat.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { parseRetryAfter } from '../../errors/retry-after.parser';
import type { TransportResponse } from '../../transport/transport.types';
import { summariseBody } from './body.summary';

/** What a provider reads from its error bodies. */
export interface ErrorBodyFields {
  readonly code?: string;
  readonly message?: string;
  /** Retry delay found in the body (e.g. Gemini `RetryInfo`), in seconds. */
  readonly retryAfterSeconds?: number;
}

/** Extracts code/message from a parsed error body; returns undefined when the shape is unknown. */
export type ErrorBodyReader = (body: unknown) => ErrorBodyFields | undefined;

/** Turns an HTTP error response into a typed error, with the provider's own body reader. */
export function errorFromResponse(provider: string, res: TransportResponse, read: ErrorBodyReader): ChatError {
  let fields: ErrorBodyFields | undefined;
  try {
    fields = read(JSON.parse(res.body));
  } catch {
    fields = undefined;
  }
  const headerRetry =
    parseRetryAfter(res.headers['retry-after']) ??
    (res.headers['retry-after-ms'] ? Number(res.headers['retry-after-ms']) / 1000 : undefined);
  return errorFromHttp({
    provider,
    status: res.status,
    code: fields?.code,
    message: fields?.message ?? summariseBody(res.body),
    retryAfterSeconds: headerRetry ?? fields?.retryAfterSeconds,
  });
}
