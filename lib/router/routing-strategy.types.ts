import type { ChatProvider, ProviderRequest } from '../core/provider.types';
import type { EmbeddingRequest } from '../core/embedding.types';

/** A provider registered on a router, with the name strategies and events use. */
export interface RoutedProvider {
  readonly name: string;
  readonly provider: ChatProvider;
  /** What this provider is good at (used by the embedding strategy). */
  readonly description?: string;
}

/** What a strategy sees of one request. */
export interface RoutingRequest {
  readonly kind: 'complete' | 'stream' | 'embed';
  readonly request?: ProviderRequest;
  readonly embedding?: EmbeddingRequest;
  /** Text of the last user message (or the texts to embed, joined). */
  readonly lastUserText: string;
}

/**
 * Orders (and may filter) the providers for one request; the router tries them in that order.
 *
 * @example
 * const cheapFirst: RoutingStrategy = { route: (providers) => [...providers].reverse() };
 */
export interface RoutingStrategy {
  route(providers: readonly RoutedProvider[], request: RoutingRequest): readonly RoutedProvider[] | Promise<readonly RoutedProvider[]>;
  /**
   * Checks the strategy against the router's providers once, at `RouterBuilder.build()` (e.g. a
   * rule naming a provider the router does not have); throws a `ConfigurationError` when it cannot work.
   */
  validate?(providers: readonly RoutedProvider[]): void;
}

/**
 * What the stream router does when a provider fails after events already reached the subscriber
 * (before that, it always falls back transparently).
 * - `error` (default): surface the typed error.
 * - `restart`: emit `provider-fallback` and start the answer over on the next provider (discard the partial text shown).
 * - `resume`: emit `provider-fallback` and let the next provider continue after the text already delivered.
 */
export type StreamFallbackMode = 'error' | 'restart' | 'resume';
