import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import type { NativeTool } from '../../core/tool.types';
import { defaultTransport } from '../../transport/node-http.transport';
import type { Transport } from '../../transport/transport.types';
import { HTTP_SCHEMES } from '../shared/base-url.validator';
import { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
import { ConfigurationError } from '../../errors/configuration.error';
import type { BodyQuirk } from '../shared/body.quirks';
import type { ReasoningSummaryMode, ResponsesConfig } from './responses-config.types';

/** Options of the `web_search` native tool (wire names, e.g. `search_context_size`, `user_location`). */
export interface WebSearchOptions {
  readonly searchContextSize?: 'low' | 'medium' | 'high';
  /** Approximate user location, e.g. `{ type: 'approximate', country: 'FR', city: 'Paris' }`. */
  readonly userLocation?: { readonly [key: string]: JsonValue };
  /** Allowed domains. */
  readonly allowedDomains?: readonly string[];
  /** Tool type for servers that still name it so (`web_search_preview`, e.g. Azure). */
  readonly toolType?: string;
}

/** Options of the `image_generation` native tool. */
export interface ImageGenerationOptions {
  /** Partial images streamed while the image is generated (0–3; `partial-image` events). */
  readonly partialImages?: number;
  readonly size?: string;
  readonly quality?: 'low' | 'medium' | 'high' | 'auto';
  readonly outputFormat?: 'png' | 'webp' | 'jpeg';
  readonly background?: 'transparent' | 'opaque' | 'auto';
  /** Image model, e.g. `gpt-image-1`. */
  readonly model?: string;
}

/** Settings the Responses builders collect (the key, headers and transport live in the base's private fields). */
export interface ResponsesBuilderSettings {
  model?: string;
  baseUrl?: string;
  idleTimeout?: number;
  timeout?: number;
  clock?: Clock;
  store?: boolean;
  autoChain?: boolean;
  reasoningSummary?: ReasoningSummaryMode;
  parallelToolCalls?: boolean;
  nativeTools: NativeTool[];
  extraBody: { [key: string]: JsonValue };
  providerId?: string;
  quirks?: readonly BodyQuirk[];
}

/**
 * A server of the Responses family, as data (OpenAI, or any `POST /responses` server); the
 * builders are thin typed wrappers over it.
 */
export interface ResponsesPreset {
  /** Provider id in responses and errors, e.g. `openai`. */
  readonly id: string;
  /** Builder name used in errors. */
  readonly builder: string;
  /** Default base URL; none: `withBaseUrl()` is required. */
  readonly baseUrl?: string;
  /** Env var holding the key, read when no key is given. */
  readonly apiKeyEnv?: string;
  /** Whether a missing key fails `build()`. */
  readonly requiresKey?: boolean;
  /** Config defaults of the server (the user's settings win). */
  readonly defaults?: Partial<Pick<ResponsesConfig, 'store' | 'autoChain' | 'reasoningSummary' | 'parallelToolCalls' | 'extraBody'>>;
  /** What the server does differently on the wire: fields dropped, renamed, restricted. */
  readonly quirks?: readonly BodyQuirk[];
}

function defined(entries: Record<string, JsonValue | undefined>): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return out;
}

/** The settings methods of {@link HttpProviderBuilderBase} whose documentation is specific to the Responses API. */
export interface ResponsesBuilderBase {
  /** API key, sent as `Authorization: Bearer <key>`. */
  withApiKey(apiKey: string): this;
  /** Headers added to every request. */
  withHeaders(headers: Readonly<Record<string, string>>): this;
  /** Transport (share one between builders to share a connection pool; a WebSocket transport carries the same events). */
  withTransport(transport: Transport): this;
  /** Stream idle timeout in ms (default 60 000). */
  withIdleTimeout(ms: number): this;
  /** Clock for timeouts (a virtual clock in tests). */
  withClock(clock: Clock): this;
}

/** Builder methods shared by `ResponsesBuilder` and `OpenAIBuilder` (all but `withModel`/`build`). */
export abstract class ResponsesBuilderBase extends HttpProviderBuilderBase {
  protected readonly settings: ResponsesBuilderSettings = { nativeTools: [], extraBody: {} };
  /** The server this builder builds for. */
  protected abstract readonly preset: ResponsesPreset;

  protected providerId(): string {
    return this.settings.providerId ?? this.preset.id;
  }

  /** Records the base URL; each builder exposes it as `withBaseUrl()` with its own type-state. */
  protected setBaseUrl(baseUrl: string): void {
    this.settings.baseUrl = baseUrl;
  }

  /**
   * `store` on every request. With `false` nothing is kept server-side: reasoning comes back
   * encrypted (`include: ["reasoning.encrypted_content"]`) and is passed back on the next turn.
   */
  withStore(store: boolean): this {
    this.settings.store = store;
    return this;
  }

  /**
   * Chains turns with `previous_response_id`: when the conversation's last assistant message came
   * from this provider with a response id, only the messages after it are sent. Needs `store` on
   * over HTTP; over a WebSocket transport it is on by default and works with `store: false`.
   */
  withAutoChaining(enabled = true): this {
    this.settings.autoChain = enabled;
    return this;
  }

  /** Reasoning summary mode (`auto` by default when a reasoning effort is set). */
  withReasoningSummary(mode: ReasoningSummaryMode): this {
    this.settings.reasoningSummary = mode;
    return this;
  }

  /** Allows or forbids several tool calls in one turn (`parallel_tool_calls`). */
  withParallelToolCalls(enabled: boolean): this {
    this.settings.parallelToolCalls = enabled;
    return this;
  }

  /** Switches on the native web search tool; citations come back as `sources` on text parts. */
  withWebSearch(options: WebSearchOptions = {}): this {
    const wire = defined({
      type: options.toolType,
      search_context_size: options.searchContextSize,
      user_location: options.userLocation,
      filters: options.allowedDomains ? { allowed_domains: [...options.allowedDomains] } : undefined,
    });
    return this.native({ kind: 'web-search', options: wire });
  }

  /** Switches on the native image generation tool; images come back as image parts. */
  withImageGeneration(options: ImageGenerationOptions = {}): this {
    const wire = defined({
      partial_images: options.partialImages,
      size: options.size,
      quality: options.quality,
      output_format: options.outputFormat,
      background: options.background,
      model: options.model,
    });
    return this.native({ kind: 'image-generation', options: wire });
  }

  /** Differences of the server from the Responses wire (fields dropped, renamed, restricted), after the preset's own. */
  withQuirks(quirks: readonly BodyQuirk[]): this {
    this.settings.quirks = [...(this.settings.quirks ?? []), ...quirks];
    return this;
  }

  /** Fields merged into every request body (e.g. `{ service_tier: 'flex' }`). */
  withExtraBody(body: { readonly [key: string]: JsonValue }): this {
    Object.assign(this.settings.extraBody, body);
    return this;
  }

  /**
   * The config shared by both builders, from the family's preset (data): id, default base URL,
   * key variable; the base URL is checked here (http(s), or ws(s) for a WebSocket transport).
   */
  protected presetConfig(preset: ResponsesPreset = this.preset): ResponsesConfig {
    const s = this.settings;
    const id = s.providerId ?? preset.id;
    if (!s.model) throw new ConfigurationError(`${id}: withModel() is required`, { provider: id });
    const connection = this.connection({
      builder: this.constructor.name,
      provider: id,
      defaultBaseUrl: preset.baseUrl,
      missingBaseUrl: `${id}: withBaseUrl() is required (the server's base URL, e.g. http://localhost:1234/v1)`,
      schemes: [...HTTP_SCHEMES, 'ws:', 'wss:'],
      apiKeyEnv: preset.apiKeyEnv ? [preset.apiKeyEnv] : [],
      missingKey: preset.requiresKey && preset.apiKeyEnv ? `${preset.builder}: no API key; call withApiKey() or set ${preset.apiKeyEnv}` : undefined,
    });
    const quirks = [...(preset.quirks ?? []), ...(s.quirks ?? [])];
    return {
      ...preset.defaults,
      id,
      ...connection,
      model: s.model,
      transport: connection.transport ?? defaultTransport(),
      store: s.store ?? preset.defaults?.store,
      autoChain: s.autoChain ?? preset.defaults?.autoChain,
      reasoningSummary: s.reasoningSummary ?? preset.defaults?.reasoningSummary,
      parallelToolCalls: s.parallelToolCalls ?? preset.defaults?.parallelToolCalls,
      nativeTools: [...s.nativeTools],
      extraBody: { ...preset.defaults?.extraBody, ...s.extraBody },
      ...(quirks.length > 0 ? { quirks } : {}),
    };
  }

  private native(tool: NativeTool): this {
    this.settings.nativeTools = [...this.settings.nativeTools.filter((t) => t.kind !== tool.kind), tool];
    return this;
  }
}
