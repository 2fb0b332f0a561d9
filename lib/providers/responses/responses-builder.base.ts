import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import type { NativeTool } from '../../core/tool.types';
import { defaultTransport } from '../../transport/axios.transport';
import type { Transport } from '../../transport/transport.types';
import { assertBaseUrl, HTTP_SCHEMES } from '../shared/base-url.validator';
import { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
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

/** Settings the Responses builders collect (everything of {@link ResponsesConfig} but id/transport may be missing). */
export interface ResponsesBuilderSettings {
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  headers: Readonly<Record<string, string>>;
  transport?: Transport;
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
  protected readonly settings: ResponsesBuilderSettings = { headers: {}, nativeTools: [], extraBody: {} };

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

  /** Fields merged into every request body (e.g. `{ service_tier: 'flex' }`). */
  withExtraBody(body: { readonly [key: string]: JsonValue }): this {
    Object.assign(this.settings.extraBody, body);
    return this;
  }

  /** The config shared by both builders; subclasses supply id, base URL (checked here) and key. */
  protected config(id: string, baseUrl: string, apiKey: string | undefined): ResponsesConfig {
    const s = this.settings;
    return {
      id,
      baseUrl: assertBaseUrl(this.constructor.name, baseUrl, id, [...HTTP_SCHEMES, 'ws:', 'wss:']),
      model: s.model ?? '',
      apiKey,
      headers: { ...s.headers },
      transport: s.transport ?? defaultTransport(),
      idleTimeout: s.idleTimeout,
      timeout: s.timeout,
      clock: s.clock,
      store: s.store,
      autoChain: s.autoChain,
      reasoningSummary: s.reasoningSummary,
      parallelToolCalls: s.parallelToolCalls,
      nativeTools: [...s.nativeTools],
      extraBody: { ...s.extraBody },
    };
  }

  private native(tool: NativeTool): this {
    this.settings.nativeTools = [...this.settings.nativeTools.filter((t) => t.kind !== tool.kind), tool];
    return this;
  }
}
