import { defer, from, mergeMap, type Observable } from 'rxjs';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { TokenCount } from '../core/token-count.types';
import { ConfigurationError } from '../errors/configuration.error';
import { ContextLengthExceededError } from '../errors/context-length-exceeded.error';

/** Options of {@link withContextWindowCheck}. */
export interface ContextWindowOptions {
  /** The model's context window, tokens (input plus output). */
  readonly contextWindow: number;
  /** Tokens kept for the answer (default: the request's `maxTokens`, else 0). */
  readonly reserveOutputTokens?: number;
}

/**
 * Wraps a provider so that every model request is counted first (`provider.countTokens()`: exact
 * where the provider has an endpoint, else an estimate) and one that cannot fit the context window
 * fails before it is sent, with a {@link ContextLengthExceededError} naming the numbers (its
 * `details`: `inputTokens`, `reserveOutputTokens`, `contextWindow`, `source`). Opt-in: it costs one
 * counting request per model request on providers with an endpoint.
 *
 * @example
 * const guarded = withContextWindowCheck(claude, { contextWindow: 200_000, reserveOutputTokens: 8_192 });
 * const chat = new ChatBuilder().withModel(guarded).build();
 */
export function withContextWindowCheck<P extends ChatProvider>(provider: P, options: ContextWindowOptions): P {
  const countTokens = provider.countTokens?.bind(provider);
  if (!countTokens) throw new ConfigurationError(`withContextWindowCheck(): ${provider.id} cannot count tokens (no countTokens())`, { provider: provider.id });
  if (!Number.isInteger(options.contextWindow) || options.contextWindow <= 0) {
    throw new ConfigurationError(`withContextWindowCheck(): contextWindow must be a positive whole number, got ${options.contextWindow}`, { provider: provider.id });
  }
  const check = async (request: ProviderRequest): Promise<void> => {
    const count: TokenCount = await countTokens(request);
    const reserve = options.reserveOutputTokens ?? request.options?.maxTokens ?? 0;
    const needed = count.inputTokens + reserve;
    if (needed <= options.contextWindow) return;
    const how = count.exact ? 'counted by the provider' : `estimated (${count.source})`;
    throw new ContextLengthExceededError(
      `${provider.id}: the request needs ${count.inputTokens} input tokens (${how}) + ${reserve} reserved for the answer = ${needed}, ` +
        `over the context window of ${options.contextWindow} tokens of ${count.model}; it was not sent`,
      { provider: provider.id, details: { inputTokens: count.inputTokens, reserveOutputTokens: reserve, contextWindow: options.contextWindow, source: count.source } },
    );
  };
  return new Proxy(provider, {
    get(target, key, receiver) {
      if (key === 'complete') return async (request: ProviderRequest): Promise<ProviderResponse> => (await check(request), target.complete(request));
      if (key === 'stream') {
        return (request: ProviderRequest): Observable<ModelStreamEvent> => defer(() => from(check(request)).pipe(mergeMap(() => target.stream(request))));
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
