import type { ChatError } from '../../errors/chat.error';
import { ContextLengthExceededError } from '../../errors/context-length-exceeded.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';
import { parseRetryAfter } from '../../errors/retry-after.parser';
import { ServerError } from '../../errors/server-error.error';
import type { TransportResponse } from '../../transport/transport.types';
import { summariseBody } from '../shared/body.summary';

/** HTTP status of each exception Bedrock reports inside a stream (the stream itself is a 200). */
const EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  throttlingException: 429,
  validationException: 400,
  internalServerException: 500,
  serviceUnavailableException: 503,
  modelTimeoutException: 408,
  modelNotReadyException: 429,
  accessDeniedException: 403,
  resourceNotFoundException: 404,
  serviceQuotaExceededException: 429,
};

const CONTEXT = /input is too long|too many (input )?tokens|context (length|window)|prompt is too long|exceeds? the maximum/i;

/** An error of Bedrock's: the class from the exception name and status, the message as Bedrock wrote it. */
function typed(provider: string, status: number, code: string | undefined, message: string | undefined, retryAfterSeconds?: number): ChatError {
  const options = { provider, status, code, providerMessage: message };
  const summary = message ? `: ${message}` : '';
  if (/ServiceQuotaExceeded/i.test(code ?? '')) return new QuotaExceededError(`${provider} service quota exceeded (${code})${summary}`, options);
  if (status === 400 && CONTEXT.test(message ?? '')) return new ContextLengthExceededError(`${provider}: the conversation exceeds the model's context${summary}`, options);
  return errorFromHttp({ provider, status, code, message, retryAfterSeconds });
}

/**
 * Maps a Bedrock Runtime error response: the exception name from the `x-amzn-ErrorType` header
 * (`ThrottlingException:http://...`) or the body's `__type`, the message from `message`/`Message`.
 */
export function mapBedrockError(provider: string, res: TransportResponse): ChatError {
  let body: { message?: unknown; Message?: unknown; __type?: unknown } | undefined;
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    body = undefined;
  }
  const header = res.headers['x-amzn-errortype'] ?? res.headers['x-amzn-ErrorType'];
  const code = (typeof header === 'string' && header !== '' ? header : typeof body?.__type === 'string' ? body.__type : undefined)?.split(':')[0].split('#').pop();
  const message = typeof body?.message === 'string' ? body.message : typeof body?.Message === 'string' ? body.Message : summariseBody(res.body);
  return typed(provider, res.status, code, message, parseRetryAfter(res.headers['retry-after']));
}

/**
 * An exception frame of a ConverseStream (`:message-type: exception`), typed like the HTTP error it
 * stands for; `modelStreamErrorException` (the model failed upstream) is a retryable `ServerError`
 * carrying the model's original status.
 */
export function bedrockStreamException(provider: string, type: string, payload: { message?: unknown; originalStatusCode?: unknown; originalMessage?: unknown }): ChatError {
  const message = typeof payload.message === 'string' ? payload.message : undefined;
  if (type === 'modelStreamErrorException') {
    const original = typeof payload.originalMessage === 'string' ? ` (${payload.originalMessage})` : '';
    return new ServerError(`${provider} model stream failed${message ? `: ${message}` : ''}${original}`, {
      provider,
      status: typeof payload.originalStatusCode === 'number' ? payload.originalStatusCode : undefined,
      code: type,
      providerMessage: message,
      retryable: true,
    });
  }
  return typed(provider, EXCEPTION_STATUS[type] ?? 500, type, message);
}
