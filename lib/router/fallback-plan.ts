import { AbortedError } from '../errors/aborted.error';
import { AllProvidersFailedError } from '../errors/all-providers-failed.error';
import { ChatError } from '../errors/chat.error';
import { InvalidResponseError } from '../errors/invalid-response.error';
import type { CircuitBreaker } from './circuit-breaker';
import type { RoutedProvider } from './routing-strategy.types';

/** Any failure as a `ChatError` naming the provider. */
export function asChatError(error: unknown, provider: string): ChatError {
  return ChatError.is(error)
    ? error
    : new InvalidResponseError(`${provider} failed: ${error instanceof Error ? error.message : String(error)}`, { provider, cause: error });
}

/**
 * The providers one request may go to, walked in order. A provider's circuit is claimed only when
 * it is its turn (so a success earlier never leaves a later half-open probe claimed); open circuits
 * are skipped, and when every circuit was open the one open longest is tried as a last resort.
 */
export class FallbackPlan {
  private index = 0;
  private tried = 0;
  /** Each failure, in the order tried. */
  readonly failures: Array<{ readonly provider: string; readonly error: ChatError }> = [];

  constructor(
    private readonly ordered: readonly RoutedProvider[],
    private readonly breaker?: CircuitBreaker,
  ) {}

  /** The next provider to try, its circuit claimed; undefined when none is left. */
  async next(): Promise<RoutedProvider | undefined> {
    while (this.index < this.ordered.length) {
      const entry = this.ordered[this.index++];
      if (!this.breaker || (await this.breaker.tryAcquire(entry.name))) return this.take(entry);
    }
    if (this.tried > 0 || !this.breaker || this.ordered.length === 0) return undefined;
    const breaker = this.breaker;
    const since = await Promise.all(this.ordered.map((p) => breaker.openSince(p.name)));
    let longest = 0;
    for (let i = 1; i < since.length; i++) if (since[i] < since[longest]) longest = i;
    await breaker.forceAcquire(this.ordered[longest].name);
    return this.take(this.ordered[longest]);
  }

  /** Records how a try ended: success, a failure (retryable errors count for the circuit), or an abort. */
  async settle(entry: RoutedProvider, error?: ChatError): Promise<void> {
    if (error) this.failures.push({ provider: entry.name, error });
    if (!this.breaker) return;
    if (AbortedError.is(error)) await this.breaker.release(entry.name);
    else if (error?.isRetryable) await this.breaker.recordFailure(entry.name);
    else await this.breaker.recordSuccess(entry.name);
  }

  /** Gives a claimed circuit back without a verdict (the caller went away). */
  async release(entry: RoutedProvider): Promise<void> {
    await this.breaker?.release(entry.name);
  }

  /** The error for the caller once nothing is left: the only failure as it was, else one carrying each. */
  finalError(): ChatError {
    return this.failures.length === 1 ? this.failures[0].error : new AllProvidersFailedError(this.failures);
  }

  private take(entry: RoutedProvider): RoutedProvider {
    this.tried++;
    return entry;
  }
}
