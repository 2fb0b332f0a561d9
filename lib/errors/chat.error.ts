import type { JsonValue } from '../core/json.types';
import type { Usage } from '../core/usage.types';
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
 * Base of every error chat-ts throws. Messages never contain API keys: they are redacted on
 * construction, and `toJSON()`/`inspect` show only safe fields.
 *
 * @example
 * try { await chat.complete(messages); }
 * catch (e) { if (e instanceof ChatError && e.isRetryable) { ... } }
 */
export class ChatError extends Error {
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
