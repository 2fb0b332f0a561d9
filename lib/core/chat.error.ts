import type { JsonValue } from './json.types';
import type { Usage } from './usage.types';
import { redact } from './secret-registry';

/** What every chat-ts error can carry. */
export interface ChatErrorOptions {
  /** Provider id, e.g. `claude`. */
  provider?: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Provider error code/type, e.g. `rate_limit_error`, `insufficient_quota`. */
  code?: string;
  /** The provider's own error message. */
  providerMessage?: string;
  /** Usage already spent in this call before it failed (tool loops). */
  usage?: Usage;
  /** The error that caused this one. */
  cause?: unknown;
  /** Overrides the class default. */
  retryable?: boolean;
  /** How long the server asked to wait before trying again (`Retry-After`, or a body field), seconds. */
  retryAfterSeconds?: number;
  /** Extra structured data (never secrets). */
  details?: JsonValue;
}

/**
 * The brand every chat-ts error carries (on `ChatError.prototype`), shared by every copy of the
 * package loaded in one process through the global symbol registry.
 */
export const CHAT_ERROR_BRAND: unique symbol = Symbol.for('chat-ts.error');

/**
 * Whether `value` is an error thrown by chat-ts — by this copy of the package or by any other
 * (two versions installed side by side, a bundled copy), where `instanceof ChatError` is false.
 *
 * @example
 * catch (e) { if (isChatError(e) && e.isRetryable) { ... } }
 */
export function isChatError(value: unknown): value is ChatError {
  return typeof value === 'object' && value !== null && (value as { [CHAT_ERROR_BRAND]?: unknown })[CHAT_ERROR_BRAND] === true;
}

/** Whether a branded error is an instance of the chat-ts error class named `name`, in any copy of the package. */
function hasErrorClass(value: ChatError, name: string): boolean {
  for (let proto: object | null = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, 'constructor') && (proto as { constructor: { name?: unknown } }).constructor.name === name) return true;
    if (Object.prototype.hasOwnProperty.call(proto, CHAT_ERROR_BRAND)) return false;
  }
  return false;
}

/**
 * Base of every error chat-ts throws. Messages never contain API keys: they are redacted on
 * construction, and `toJSON()`/`inspect` show only safe fields.
 *
 * Prefer the guards to `instanceof`: `isChatError(e)` and each class's static `is()` (for example
 * `RateLimitError.is(e)`) recognise errors from another copy of chat-ts too, by a
 * `Symbol.for('chat-ts.error')` brand and the class names along the prototype chain.
 *
 * @example
 * try { await chat.complete(messages); }
 * catch (e) { if (RateLimitError.is(e)) wait(e.retryAfterSeconds); else if (isChatError(e) && e.isRetryable) { ... } }
 */
export class ChatError extends Error {
  /**
   * Whether `value` is an instance of this class (or a subclass) from any copy of chat-ts:
   * `ChatError.is(e)` is `isChatError(e)`; `RateLimitError.is(e)` also holds for a `RateLimitError`
   * thrown by another installed copy, where `instanceof` is false.
   */
  static is<T extends ChatError>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (!isChatError(value)) return false;
    return value instanceof this || hasErrorClass(value, this.name);
  }


  readonly provider?: string;
  readonly status?: number;
  readonly code?: string;
  readonly providerMessage?: string;
  usage?: Usage;
  readonly details?: JsonValue;
  /** Whether repeating the same request may succeed. */
  readonly isRetryable: boolean;
  /**
   * How long the server asked to wait before trying again, in seconds (from `Retry-After` as
   * seconds or an HTTP date, `retry-after-ms`, or the body). Set on 429 (`RateLimitError`), 503/529
   * (`ProviderOverloadedError`) and other 5xx (`ServerError`) when the server sent one; retry
   * policies wait at least this long (see `RetryPolicy.maxRetryAfterMs`).
   */
  readonly retryAfterSeconds?: number;

  constructor(message: string, options: ChatErrorOptions = {}) {
    super(redact(message));
    this.name = new.target.name;
    this.provider = options.provider;
    this.status = options.status;
    this.code = options.code;
    this.providerMessage = options.providerMessage === undefined ? undefined : redact(options.providerMessage);
    this.usage = options.usage;
    this.details = options.details;
    this.isRetryable = options.retryable ?? this.defaultRetryable();
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, configurable: true, writable: true });
    }
  }

  /** Class default for `isRetryable`. */
  protected defaultRetryable(): boolean {
    return false;
  }

  /** Safe JSON form: no request, no headers, no key. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      provider: this.provider,
      status: this.status,
      code: this.code,
      providerMessage: this.providerMessage,
      isRetryable: this.isRetryable,
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      usage: this.usage,
    };
  }

  /** Node's `util.inspect` shows the safe form, never the `cause` chain (which may hold request config). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.name}: ${this.message}${this.provider ? ` [${this.provider}${this.status ? ` ${this.status}` : ''}]` : ''}`;
  }
}

Object.defineProperty(ChatError.prototype, CHAT_ERROR_BRAND, { value: true, enumerable: false, writable: false, configurable: false });
