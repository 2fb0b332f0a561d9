import type { Observable, Observer, Subscription } from 'rxjs';
import type { ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { ChatError } from '../errors/chat.error';
import { InvalidResponseError } from '../errors/invalid-response.error';
import { abortError, NEVER_ABORTED } from './abort.helpers';

/** Any failure as a `ChatError` naming the provider (never a raw TypeError/SyntaxError). */
export function toChatError(error: unknown, provider?: string): ChatError {
  if (ChatError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InvalidResponseError(`${provider ?? 'The provider'} failed: ${message}`, { provider, cause: error });
}

/**
 * Runs one model request: subscribes to the seam's Observable, hands every event to `onEvent`,
 * and resolves with the `step-finish` response. The signal aborting unsubscribes (which aborts
 * the HTTP request) and rejects with the abort error.
 */
export function consumeStep(source: Observable<ModelStreamEvent>, signal: AbortSignal, onEvent: (event: ModelStreamEvent) => void, provider: string): Promise<ProviderResponse> {
  return new Promise<ProviderResponse>((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal, provider));
    new StepConsumer(signal, onEvent, provider, resolve, reject).start(source);
  });
}

/**
 * One model request being consumed: the observer of the seam and the listener of the run's
 * signal in one object (no closures per request).
 */
class StepConsumer implements Observer<ModelStreamEvent> {
  private response?: ProviderResponse;
  private subscription?: Subscription;
  private done = false;

  constructor(
    private readonly signal: AbortSignal,
    private readonly onEvent: (event: ModelStreamEvent) => void,
    private readonly provider: string,
    private readonly resolve: (response: ProviderResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  private get listening(): boolean {
    return this.signal !== NEVER_ABORTED;
  }

  start(source: Observable<ModelStreamEvent>): void {
    if (this.listening) this.signal.addEventListener('abort', this, { once: true });
    this.subscription = source.subscribe(this);
    if (this.done) this.subscription.unsubscribe();
  }

  /** The run's signal aborted. */
  handleEvent(): void {
    this.subscription?.unsubscribe();
    this.fail(abortError(this.signal, this.provider));
  }

  next(event: ModelStreamEvent): void {
    if (this.done) return;
    if (event.type === 'step-finish') this.response = event.response;
    try {
      this.onEvent(event);
    } catch (error) {
      this.subscription?.unsubscribe();
      this.fail(error);
    }
  }

  error(error: unknown): void {
    this.fail(this.signal.aborted ? abortError(this.signal, this.provider) : toChatError(error, this.provider));
  }

  complete(): void {
    if (this.response) this.settle() && this.resolve(this.response);
    else this.fail(new InvalidResponseError(`${this.provider} ended a stream without its final step-finish event`, { provider: this.provider }));
  }

  private fail(error: unknown): void {
    if (this.settle()) this.reject(error);
  }

  /** Marks the request settled; false when it already was. */
  private settle(): boolean {
    if (this.done) return false;
    this.done = true;
    if (this.listening) this.signal.removeEventListener('abort', this);
    return true;
  }
}
