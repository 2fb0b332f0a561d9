import { STATUS_CODES } from 'node:http';
import { isChatError, type ChatError } from '../core/chat.error';
import { AbortedError } from '../errors/aborted.error';
import { AllProvidersFailedError } from '../errors/all-providers-failed.error';
import { AuthenticationError } from '../errors/authentication.error';
import { ConcurrentRunError } from '../errors/concurrent-run.error';
import { ContentFilterError } from '../errors/content-filter.error';
import { ContextLengthExceededError } from '../errors/context-length-exceeded.error';
import { ConversationFormatError } from '../errors/conversation-format.error';
import { EmbeddingBatchError } from '../errors/embedding-batch.error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { InvalidResponseError } from '../errors/invalid-response.error';
import { MaxStepsExceededError } from '../errors/max-steps-exceeded.error';
import { NetworkError } from '../errors/network.error';
import { OutputValidationError } from '../errors/output-validation.error';
import { ProviderOverloadedError } from '../errors/provider-overloaded.error';
import { PythonHostCrashedError } from '../errors/python-host-crashed.error';
import { QuotaExceededError } from '../errors/quota-exceeded.error';
import { RateLimitError } from '../errors/rate-limit.error';
import { ServerError } from '../errors/server-error.error';
import { TimeoutError } from '../errors/timeout.error';
import { ToolCallDeniedError } from '../errors/tool-call-denied.error';
import { BudgetExceededError } from '../errors/budget-exceeded.error';
import { UIChatRequestError } from '../errors/ui-chat-request.error';
import { ConversationConflictError } from '../errors/conversation-conflict.error';
import { ConversationNotFoundError } from '../errors/conversation-not-found.error';
import { StreamRelayError } from '../errors/stream-relay.error';
import { BudgetStoreError } from '../errors/budget-store.error';

/** The body of an HTTP answer for a chat-ts error: Nest's usual `{ statusCode, message, error }`, plus the error's class name. */
export interface ChatErrorBody {
  readonly statusCode: number;
  /** The status's reason phrase, e.g. `Too Many Requests`. */
  readonly error: string;
  /**
   * The error's message for the caller's own problems (4xx; chat-ts messages never hold a key); for
   * 5xx a generic sentence, so that provider names, URLs and internals stay in the server's log.
   */
  readonly message: string;
  /** The chat-ts error class, e.g. `RateLimitError`. */
  readonly name: string;
  /** Whether the same request may succeed later. */
  readonly retryable: boolean;
  /** Seconds to wait before trying again, when the provider said (also sent as `Retry-After`). */
  readonly retryAfterSeconds?: number;
}

/** How a chat-ts error is answered over HTTP. */
export interface ChatErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ChatErrorBody;
}

type ErrorType = { is(value: unknown): value is ChatError };

/** Status per error class; subclasses come before their parents (`is()` matches subclasses too). */
const STATUSES: ReadonlyArray<readonly [ErrorType, number]> = [
  [RateLimitError, 429],
  [BudgetExceededError, 429],
  [UIChatRequestError, 400],
  [ConversationNotFoundError, 404],
  [ConversationConflictError, 409],
  [ConversationFormatError, 409],
  [ConcurrentRunError, 409],
  [OutputValidationError, 422],
  [MaxStepsExceededError, 422],
  [ContentFilterError, 422],
  [ContextLengthExceededError, 413],
  [ToolCallDeniedError, 403],
  [ProviderOverloadedError, 503],
  [QuotaExceededError, 503],
  [AllProvidersFailedError, 503],
  [PythonHostCrashedError, 503],
  [StreamRelayError, 503],
  [BudgetStoreError, 503],
  [TimeoutError, 504],
  [ServerError, 502],
  [NetworkError, 502],
  [InvalidResponseError, 502],
  [InvalidRequestError, 502],
  [AuthenticationError, 502],
  [EmbeddingBatchError, 502],
];

const SERVER_MESSAGES: Readonly<Record<number, string>> = {
  500: 'The chat failed',
  502: 'The model provider failed to answer',
  503: 'The model provider is unavailable; try again later',
  504: 'The model provider did not answer in time',
};

/**
 * The HTTP status of a chat-ts error: 429 rate limit or spent budget (with `Retry-After`), 400 a bad
 * UI chat request body, 404 unknown stored conversation, 409 conversation and approval conflicts, 422 invalid
 * output / too many steps / filtered content, 413 context too long, 403 tool call denied, 503
 * overloaded / quota / every provider failed / stream relay down, 504 timeout, 502 other provider failures (the
 * provider refusing our key is our problem, never the caller's 401), 500 anything else.
 */
export function chatErrorStatus(error: ChatError): number {
  return STATUSES.find(([type]) => type.is(error))?.[1] ?? 500;
}

/**
 * How to answer `error` over HTTP: `undefined` when it is not a chat-ts error (recognised by brand,
 * so errors of another installed copy count), `null` when nothing must be written (`AbortedError`:
 * the caller went away). Never a stack, a cause or a provider's raw answer in the body.
 *
 * @example
 * const answer = chatErrorResponse(error);
 * if (answer) res.status(answer.status).set(answer.headers).json(answer.body);
 */
export function chatErrorResponse(error: unknown): ChatErrorResponse | null | undefined {
  if (!isChatError(error)) return undefined;
  if (AbortedError.is(error)) return null;
  const status = chatErrorStatus(error);
  const retryAfter = error.retryAfterSeconds !== undefined && Number.isFinite(error.retryAfterSeconds) ? Math.max(0, Math.ceil(error.retryAfterSeconds)) : undefined;
  const body: ChatErrorBody = {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message: status >= 500 ? (SERVER_MESSAGES[status] ?? SERVER_MESSAGES[500]) : error.message,
    name: error.name,
    retryable: error.isRetryable,
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
  };
  const sendsRetryAfter = retryAfter !== undefined && (status === 429 || status === 503);
  return { status, headers: sendsRetryAfter ? { 'Retry-After': String(retryAfter) } : {}, body };
}

/** The answer for an error that is not a chat-ts one, where no exception filter can run (an SSE stream already started). */
export function unknownErrorBody(): ChatErrorBody {
  return { statusCode: 500, error: STATUS_CODES[500] ?? 'Error', message: SERVER_MESSAGES[500], name: 'Error', retryable: false };
}
