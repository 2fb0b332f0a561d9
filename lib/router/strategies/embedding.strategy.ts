import type { ChatProvider } from '../../core/provider.types';
import type { RoutedProvider, RoutingRequest, RoutingStrategy } from '../routing-strategy.types';

/** Cosine similarity of two vectors. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
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

/**
 * Orders providers by the cosine similarity between the last user message and each route's
 * description, with embeddings from any embedding provider. Route embeddings are computed once and
 * cached. Providers without a route keep their order after the routed ones.
 */
export class EmbeddingStrategy implements RoutingStrategy {
  private routeVectors?: Promise<Float32Array[]>;

  constructor(
    private readonly embedder: ChatProvider,
    private readonly routes: readonly EmbeddingRoute[],
    private readonly options: { readonly minSimilarity?: number } = {},
  ) {}

  async route(providers: readonly RoutedProvider[], request: RoutingRequest): Promise<readonly RoutedProvider[]> {
    if (request.lastUserText.trim() === '' || this.routes.length === 0) return providers;
    this.routeVectors ??= this.embedder.embed({ texts: this.routes.map((r) => r.description) }).then((r) => r.vectors);
    let vectors: Float32Array[];
    try {
      vectors = await this.routeVectors;
    } catch (error) {
      this.routeVectors = undefined;
      throw error;
    }
    const [query] = (await this.embedder.embed({ texts: [request.lastUserText] })).vectors;
    const min = this.options.minSimilarity ?? -1;
    const scored = this.routes
      .map((r, i) => ({ name: r.provider, score: cosineSimilarity(query, vectors[i]) }))
      .filter((s) => s.score >= min)
      .sort((a, b) => b.score - a.score);
    const ranked: RoutedProvider[] = [];
    for (const s of scored) {
      const p = providers.find((x) => x.name === s.name);
      if (p && !ranked.includes(p)) ranked.push(p);
    }
    return [...ranked, ...providers.filter((p) => !ranked.includes(p))];
  }
}
