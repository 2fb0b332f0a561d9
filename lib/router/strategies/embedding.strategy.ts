import type { ChatProvider } from '../../core/provider.types';
import type { RoutedProvider, RoutingRequest, RoutingStrategy } from '../routing-strategy.types';
import { requireKnownProviders } from './known-providers';

/** Cosine similarity of two vectors (0 when either is all zeros). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** A route: a provider name and a description of what belongs there. */
export interface EmbeddingRoute {
  readonly provider: string;
  readonly description: string;
}

/** Options of {@link EmbeddingStrategy}. */
export interface EmbeddingStrategyOptions {
  /** Routes scoring below this are not ranked (their providers stay as fallbacks after the ranked ones). */
  readonly minSimilarity?: number;
  /** Keep only the ranked providers (default false). */
  readonly exclusive?: boolean;
}

/**
 * Orders providers by the cosine similarity between the last user message and each route's
 * description, with embeddings from any embedding provider (e.g. a local one). Route embeddings
 * are computed once and cached; only the message is embedded per request. Without `routes`, the
 * descriptions given to `addProvider(p, { description })` are used. Providers without a route keep
 * their order after the ranked ones.
 *
 * @example
 * new EmbeddingStrategy(openaiEmbeddings, [
 *   { provider: 'coder', description: 'programming, code review, debugging, stack traces' },
 *   { provider: 'writer', description: 'essays, poems, stories, marketing copy' },
 * ], { minSimilarity: 0.2 })
 */
export class EmbeddingStrategy implements RoutingStrategy {
  private readonly cache = new Map<string, Promise<Float32Array>>();

  constructor(
    private readonly embedder: ChatProvider,
    private readonly routes?: readonly EmbeddingRoute[],
    private readonly options: EmbeddingStrategyOptions = {},
  ) {}

  /** Explicit routes must name providers of the router (called by `RouterBuilder.build()`). */
  validate(providers: readonly RoutedProvider[]): void {
    if (this.routes) requireKnownProviders('An EmbeddingStrategy route', this.routes.map((r) => r.provider), providers);
  }

  async route(providers: readonly RoutedProvider[], request: RoutingRequest): Promise<readonly RoutedProvider[]> {
    const routes = this.routes ?? providers.flatMap((p) => (p.description ? [{ provider: p.name, description: p.description }] : []));
    if (request.lastUserText.trim() === '' || routes.length === 0) return providers;
    const [routeVectors, query] = await Promise.all([this.routeVectors(routes), this.embedder.embed({ texts: [request.lastUserText] })]);
    const min = this.options.minSimilarity ?? -Infinity;
    const scored = routes
      .map((r, i) => ({ name: r.provider, score: cosineSimilarity(query.vectors[0], routeVectors[i]) }))
      .filter((s) => s.score >= min)
      .sort((a, b) => b.score - a.score);
    const ranked: RoutedProvider[] = [];
    for (const s of scored) {
      const p = providers.find((x) => x.name === s.name);
      if (p && !ranked.includes(p)) ranked.push(p);
    }
    if (this.options.exclusive && ranked.length > 0) return ranked;
    return [...ranked, ...providers.filter((p) => !ranked.includes(p))];
  }

  /** The route vectors, embedding (in one request) only descriptions not cached yet. */
  private routeVectors(routes: readonly EmbeddingRoute[]): Promise<Float32Array[]> {
    const missing = [...new Set(routes.map((r) => r.description).filter((d) => !this.cache.has(d)))];
    if (missing.length > 0) {
      const batch = this.embedder.embed({ texts: missing });
      missing.forEach((description, i) => {
        const vector = batch.then((r) => r.vectors[i]);
        vector.catch(() => this.cache.get(description) === vector && this.cache.delete(description)); // asked again next time
        this.cache.set(description, vector);
      });
    }
    return Promise.all(routes.map((r) => this.cache.get(r.description) as Promise<Float32Array>));
  }
}
