import type { Observable, Observer } from 'rxjs';
import type { ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { ChatError } from '../errors/chat.error';
import { InvalidResponseError } from '../errors/invalid-response.error';
import { abortError, NEVER_ABORTED } from './abort.helpers';
import { DirectSubscriber } from './direct.subscriber';

/** Any failure as a `ChatError` naming the provider (never a raw TypeError/SyntaxError). */
export function toChatError(error: unknown, provider?: string): ChatError {
  if (ChatError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InvalidResponseError(`${provider ?? 'The provider'} failed: ${message}`, { provider, cause: error });
}

/** Where the events of a model request go (the request's owner itself: no closure per request). */
export interface StepSink {
  onEvent(event: ModelStreamEvent): void;
}

/**
 * Runs one model request: subscribes to the seam's Observable, hands every event to `sink`,
 * and resolves with the `step-finish` response. The signal aborting unsubscribes (which aborts
 * the HTTP request) and rejects with the abort error.
 */
export function consumeStep(source: Observable<ModelStreamEvent>, signal: AbortSignal, sink: StepSink, provider: string): Promise<ProviderResponse> {
  return new Promise<ProviderResponse>((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal, provider));
    new StepConsumer(signal, sink, provider, resolve, reject).start(source);
  });
}

/**
 * One model request being consumed: the subscriber of the seam (taken by rxjs as it is, see
 * {@link DirectSubscriber}) and the listener of the run's signal in one object.
 */
class StepConsumer extends DirectSubscriber implements Observer<ModelStreamEvent> {
  private response?: ProviderResponse;

  constructor(
    private readonly signal: AbortSignal,
    private readonly sink: StepSink,
    private readonly provider: string,
    private readonly resolve: (response: ProviderResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super();
  }

  private get listening(): boolean {
    return this.signal !== NEVER_ABORTED;
  }

  start(source: Observable<ModelStreamEvent>): void {
    if (this.listening) this.signal.addEventListener('abort', this, { once: true });
    source.subscribe(this);
  }

  /** The run's signal aborted. */
  handleEvent(): void {
    this.fail(abortError(this.signal, this.provider));
  }

  next(event: ModelStreamEvent): void {
    if (this.closed) return;
    if (event.type === 'step-finish') this.response = event.response;
    try {
      this.sink.onEvent(event);
    } catch (error) {
      this.fail(error);
    }
  }

  error(error: unknown): void {
    this.fail(this.signal.aborted ? abortError(this.signal, this.provider) : toChatError(error, this.provider));
  }

  complete(): void {
    if (this.response) this.end() && this.resolve(this.response);
    else this.fail(new InvalidResponseError(`${this.provider} ended a stream without its final step-finish event`, { provider: this.provider }));
  }

  /** Unsubscribed from outside: the request is dropped, the promise stays pending (as with a Subscription). */
  override unsubscribe(): void {
    if (!this.closed && this.listening) this.signal.removeEventListener('abort', this);
    super.unsubscribe();
  }

  private fail(error: unknown): void {
    if (this.end()) this.reject(error);
  }

  /** Ends the request (listener removed, the producer torn down); false when it already was. */
  private end(): boolean {
    if (!this.stop()) return false;
    if (this.listening) this.signal.removeEventListener('abort', this);
    this.release();
    return true;
  }
}
