import type { Clock } from '../core/clock.types';
import { systemClock } from '../core/system.clock';
import { AllProvidersFailedError } from '../errors/all-providers-failed.error';
import { AuthenticationError } from '../errors/authentication.error';
import type { ChatError } from '../errors/chat.error';
import { InvalidResponseError } from '../errors/invalid-response.error';
import { NetworkError } from '../errors/network.error';
import { ProviderOverloadedError } from '../errors/provider-overloaded.error';
import { QuotaExceededError } from '../errors/quota-exceeded.error';
import { RateLimitError } from '../errors/rate-limit.error';
import { ServerError } from '../errors/server-error.error';
import { TimeoutError } from '../errors/timeout.error';

/** What a chat's traffic says about its provider. */
export interface ChatHealthSnapshot {
  readonly chat: string;
  readonly provider: string;
  readonly model: string;
  /** `down` when the last call failed because of the provider (network, 5xx, auth, quota, ...) and none succeeded since. */
  readonly status: 'up' | 'down' | 'unknown';
  readonly lastSuccessAt?: number;
  readonly lastFailureAt?: number;
  /** Message of the last provider failure (API keys are redacted from chat-ts errors). */
  readonly lastError?: string;
  /** Provider failures since the last success. */
  readonly consecutiveFailures: number;
}

const PROVIDER_FAILURES: ReadonlyArray<{ is(value: unknown): value is ChatError }> = [
  AuthenticationError,
  NetworkError,
  TimeoutError,
  ServerError,
  ProviderOverloadedError,
  QuotaExceededError,
  RateLimitError,
  InvalidResponseError,
  AllProvidersFailedError,
];

/**
 * Whether an error says something about the provider (not about the caller, a tool or the conversation).
 * Errors from another installed copy of chat-ts count too (checked by brand, not `instanceof`).
 */
export function isProviderFailure(error: unknown): error is ChatError {
  return PROVIDER_FAILURES.some((type) => type.is(error));
}

/** Records the outcome of a chat's calls, for health checks. */
export class ChatHealthTracker {
  private lastSuccessAt?: number;
  private lastFailureAt?: number;
  private lastError?: string;
  private failures = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  success(): void {
    this.lastSuccessAt = this.clock.now();
    this.failures = 0;
  }

  /** Counts provider failures only; other errors (aborts, tools, validation) say nothing about health. */
  failure(error: unknown): void {
    if (!isProviderFailure(error)) return;
    this.lastFailureAt = this.clock.now();
    this.lastError = error.message;
    this.failures++;
  }

  snapshot(chat: string, provider: { readonly id: string; readonly model: string }): ChatHealthSnapshot {
    const status = this.failures > 0 ? 'down' : this.lastSuccessAt !== undefined ? 'up' : 'unknown';
    return {
      chat,
      provider: provider.id,
      model: provider.model,
      status,
      ...(this.lastSuccessAt !== undefined ? { lastSuccessAt: this.lastSuccessAt } : {}),
      ...(this.lastFailureAt !== undefined ? { lastFailureAt: this.lastFailureAt, lastError: this.lastError } : {}),
      consecutiveFailures: this.failures,
    };
  }
}
