import type { Observable, Subscription } from 'rxjs';
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
    let response: ProviderResponse | undefined;
    let subscription: Subscription | undefined;
    let done = false;
    const listening = signal !== NEVER_ABORTED;
    const settle = (fn: () => void): void => {
      if (done) return;
      done = true;
      if (listening) signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      subscription?.unsubscribe();
      settle(() => reject(abortError(signal, provider)));
    };
    if (listening) signal.addEventListener('abort', onAbort, { once: true });
    subscription = source.subscribe({
      next: (event) => {
        if (done) return;
        if (event.type === 'step-finish') response = event.response;
        try {
          onEvent(event);
        } catch (error) {
          subscription?.unsubscribe();
          settle(() => reject(error));
        }
      },
      error: (error: unknown) => settle(() => reject(signal.aborted ? abortError(signal, provider) : toChatError(error, provider))),
      complete: () =>
        settle(() =>
          response
            ? resolve(response)
            : reject(new InvalidResponseError(`${provider} ended a stream without its final step-finish event`, { provider })),
        ),
    });
    if (done) subscription.unsubscribe();
  });
}
