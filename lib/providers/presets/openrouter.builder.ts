import type { JsonValue } from '../../core/json.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { CompletionsPresetBuilder } from '../completions/completions-builder.base';
import type { CompletionsEmbeddingOptions } from '../completions/completions-config.types';
import type { ChatCompletionsProvider } from '../completions/completions.provider';
import { OPENROUTER_PRESET } from './openai-compatible.presets';

/** OpenRouter's provider routing (`provider` in the body); see openrouter.ai/docs/features/provider-routing. */
export interface OpenRouterRouting {
  /** Providers to try first, in order, e.g. `['anthropic', 'amazon-bedrock']`. */
  readonly order?: readonly string[];
  /** Whether other providers may serve the request when those fail (default true on OpenRouter). */
  readonly allowFallbacks?: boolean;
  /** Only providers that support every parameter of the request. */
  readonly requireParameters?: boolean;
  /** `deny`: only providers that do not store or train on prompts. */
  readonly dataCollection?: 'allow' | 'deny';
  /** Only these providers. */
  readonly only?: readonly string[];
  /** Never these providers. */
  readonly ignore?: readonly string[];
  /** Only these quantizations, e.g. `['fp8', 'bf16']`. */
  readonly quantizations?: readonly string[];
  /** Order providers by price, throughput or latency instead of OpenRouter's load balancing. */
  readonly sort?: 'price' | 'throughput' | 'latency';
}

/** OpenRouter's unified reasoning control (`reasoning` in the body): an effort or a token budget, and whether to return it. */
export interface OpenRouterReasoning {
  readonly effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** A reasoning token budget (Anthropic-style); OpenRouter takes this or `effort`, not both. */
  readonly maxTokens?: number;
  /** Reason, but leave the reasoning out of the answer. */
  readonly exclude?: boolean;
}

/** App attribution: OpenRouter ranks and credits apps by these headers. */
export interface OpenRouterAttribution {
  /** Your app's URL, sent as `HTTP-Referer`. */
  readonly url: string;
  /** Your app's name, sent as `X-Title`. */
  readonly title?: string;
}

const definedOnly = (o: Record<string, JsonValue | undefined>): Record<string, JsonValue> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, JsonValue] => e[1] !== undefined));

/**
 * Builds an OpenRouter provider: the `openrouter` preset (Chat Completions wire,
 * `https://openrouter.ai/api/v1`, `OPENROUTER_API_KEY`) with OpenRouter's own options as typed
 * methods — provider routing and fallbacks, fallback models, reasoning tokens, usage accounting and
 * app attribution. Reasoning comes back as reasoning parts (the `reasoning` field), reasoning and
 * cached tokens in `usage`. A request's `providerOptions` still win over every setting here.
 *
 * @example
 * const router = new OpenRouterBuilder()
 *   .withModel('anthropic/claude-sonnet-4')
 *   .withFallbackModels('openai/gpt-4o')
 *   .withProviderRouting({ order: ['anthropic', 'amazon-bedrock'], allowFallbacks: false })
 *   .withReasoning({ maxTokens: 2000 })
 *   .withUsageAccounting()
 *   .withAppAttribution({ url: 'https://example.com', title: 'Example' })
 *   .build();
 */
export class OpenRouterBuilder<M extends boolean = false, E extends boolean = false> extends CompletionsPresetBuilder {
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly preset = OPENROUTER_PRESET;
  #body: Record<string, JsonValue> = {};

  /** The model, as OpenRouter names it (`anthropic/claude-sonnet-4`, `openai/gpt-4o`, `openrouter/auto`). */
  withModel(model: string): OpenRouterBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as OpenRouterBuilder<true, E>;
  }

  /** Enables `embed()` (`POST /embeddings`) with this model. */
  withEmbeddings(model: string, options: CompletionsEmbeddingOptions = {}): OpenRouterBuilder<M, true> {
    this.setEmbeddings(model, options);
    return this as unknown as OpenRouterBuilder<M, true>;
  }

  /** Which providers serve the requests, in what order, and whether others may step in (`provider`). */
  withProviderRouting(routing: OpenRouterRouting): this {
    const { order, allowFallbacks, requireParameters, dataCollection, only, ignore, quantizations, sort } = routing;
    this.#body.provider = definedOnly({
      order: order && [...order],
      allow_fallbacks: allowFallbacks,
      require_parameters: requireParameters,
      data_collection: dataCollection,
      only: only && [...only],
      ignore: ignore && [...ignore],
      quantizations: quantizations && [...quantizations],
      sort,
    });
    return this;
  }

  /** Models tried in order when the main model is down, rate-limited or refuses the request (`models`). */
  withFallbackModels(...models: string[]): this {
    if (models.length === 0) throw new ConfigurationError('OpenRouterBuilder: withFallbackModels() needs at least one model', { provider: OPENROUTER_PRESET.id });
    this.#body.models = models;
    return this;
  }

  /** Reasoning tokens for every request (`reasoning`); a call's `reasoning.effort` option replaces the budget. */
  withReasoning(reasoning: OpenRouterReasoning): this {
    if (reasoning.effort !== undefined && reasoning.maxTokens !== undefined) {
      throw new ConfigurationError('OpenRouterBuilder: withReasoning() takes an effort or maxTokens, not both', { provider: OPENROUTER_PRESET.id });
    }
    this.#body.reasoning = definedOnly({ effort: reasoning.effort, max_tokens: reasoning.maxTokens, exclude: reasoning.exclude });
    return this;
  }

  /** Asks for OpenRouter's usage accounting (`usage: { include: true }`): cached and reasoning tokens, and the cost, on every answer. */
  withUsageAccounting(): this {
    this.#body.usage = { include: true };
    return this;
  }

  /** Sends `HTTP-Referer` and `X-Title`, so OpenRouter credits the traffic to your app. */
  withAppAttribution(app: OpenRouterAttribution): this {
    return this.withHeaders({ 'HTTP-Referer': app.url, ...(app.title !== undefined ? { 'X-Title': app.title } : {}) });
  }

  build(this: OpenRouterBuilder<true, E>): ChatCompletionsProvider<E> {
    const body = { ...this.settings.bodyDefaults, ...this.#body };
    this.settings.bodyDefaults = Object.keys(body).length > 0 ? body : undefined;
    return this.buildProvider<E>();
  }
}
