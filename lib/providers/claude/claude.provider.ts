import { defer, mergeMap, type Observable } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { ChatProvider, ProviderRequest, ProviderResponse, RequestOptions } from '../../core/provider.types';
import type { ProviderBatches } from '../../core/batch.types';
import { errorFromResponse } from '../shared/error-body.handler';
import { fromClaudeBatch, fromClaudeBatchResults } from './claude-batches.mapper';
import type { JsonValue } from '../../core/json.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { SseEvent } from '../../transport/sse.parser';
import type { TransportRequest } from '../../transport/transport.types';
import { HttpProviderKernel, type CredentialStyle } from '../shared/http-provider.kernel';
import type { ClaudeProviderConfig, ClaudeRequestSettings } from './claude-config.types';
import { CLAUDE_PROVIDER_ID, readClaudeErrorBody } from './claude-error.reader';
import { CLAUDE_NATIVE_TOOLS } from './claude-native-tools.mapper';
import { toClaudeRequest, type ClaudeMappedRequest } from './claude-request.mapper';
import { fromClaudeResponse } from './claude-response.mapper';
import { ClaudeStreamMapper } from './claude-stream.mapper';
import type { TokenCount } from '../../core/token-count.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';

/** Default Anthropic API base URL. */
export const CLAUDE_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The `anthropic-version` header sent by default. */
export const CLAUDE_API_VERSION = '2023-06-01';
/** Claude's key travels in `x-api-key`; configured headers cannot replace it. */
const CLAUDE_CREDENTIAL: CredentialStyle = { header: 'x-api-key' };

/** What Claude can do through chat-ts. Anthropic has no embeddings API: `chat.embed()` on a Claude chat does not compile. */
export const CLAUDE_CAPABILITIES: CapabilitiesWith<false> = {
  tools: true,
  structuredOutput: true,
  streaming: true,
  embeddings: false,
  vision: true,
  nativeTools: CLAUDE_NATIVE_TOOLS,
};

function messagesUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(base) ? `${base}/messages` : `${base}/v1/messages`;
}

/**
 * Claude through the Anthropic Messages API (`POST /v1/messages`): text, images and PDF documents,
 * tools (parallel calls included), extended thinking whose signed blocks go back to Claude on the
 * next turn, structured output, and SSE streaming. Build it with `ClaudeBuilder`, or construct it
 * from a {@link ClaudeProviderConfig}.
 *
 * @example
 * const claude = new ClaudeProvider({ apiKey: process.env.ANTHROPIC_API_KEY!, model: 'claude-sonnet-4-5' });
 * const reply = await claude.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] });
 */
export class ClaudeProvider extends HttpProviderKernel implements ChatProvider {
  declare readonly id: typeof CLAUDE_PROVIDER_ID;
  readonly capabilities = CLAUDE_CAPABILITIES;
  readonly #settings: ClaudeRequestSettings;
  readonly #version: string;

  constructor(config: ClaudeProviderConfig) {
    if (!config.apiKey) {
      throw new ConfigurationError('claude needs an API key: set CLAUDE_API_KEY or ANTHROPIC_API_KEY, or pass apiKey', {
        provider: CLAUDE_PROVIDER_ID,
      });
    }
    if (!config.model) throw new ConfigurationError('claude needs a model', { provider: CLAUDE_PROVIDER_ID });
    super({
      ...config,
      id: CLAUDE_PROVIDER_ID,
      baseUrl: config.baseUrl ?? CLAUDE_DEFAULT_BASE_URL,
      credential: CLAUDE_CREDENTIAL,
      readError: readClaudeErrorBody,
    });
    this.#version = config.anthropicVersion ?? CLAUDE_API_VERSION;
    this.#settings = {
      model: config.model,
      maxTokens: config.maxTokens,
      thinkingBudget: config.thinkingBudget,
      structuredOutput: config.structuredOutput,
      parallelToolCalls: config.parallelToolCalls,
    };
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const mapped = toClaudeRequest(request, this.#settings, false);
    const body = await this.sendJson<unknown>(this.messagesRequest(request, mapped));
    const response = fromClaudeResponse(body, { model: this.model, jsonTool: mapped.jsonTool });
    return mapped.warnings.length > 0 ? { ...response, warnings: [...(response.warnings ?? []), ...mapped.warnings] } : response;
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return defer(() => this.streamNow(request));
  }

  private streamNow(request: ProviderRequest): Observable<ModelStreamEvent> {
    const mapped = toClaudeRequest(request, this.#settings, true);
    const warnings = mapped.warnings.map((message): ModelStreamEvent => ({ type: 'warning', message }));
    // Warnings go out with the first wire event, so a request failing before any event (which a router may retry elsewhere unseen) shows nothing.
    return this.wire(request, mapped).pipe(mergeMap((event, index) => (index === 0 ? [...warnings, event] : [event])));
  }

  private wire(request: ProviderRequest, mapped: ClaudeMappedRequest): Observable<ModelStreamEvent> {
    return this.openStream<SseEvent, ModelStreamEvent>(
      this.messagesRequest(request, mapped, 'text/event-stream'),
      'sse',
      () => new ClaudeStreamMapper({ model: this.model, jsonTool: mapped.jsonTool }),
      request.idleTimeout,
    );
  }

  /**
   * The Message Batches API (`/v1/messages/batches`): submit, poll, cancel, results (JSON Lines).
   * `chat.batch()` drives it.
   */
  readonly batches: ProviderBatches = {
    submit: async (items, call = {}) => {
      const requests = items.map((item) => ({ custom_id: item.customId, params: toClaudeRequest(item.request, this.#settings, false).body }));
      return fromClaudeBatch(await this.sendJson<unknown>(this.batchRequest('', { requests } as unknown as JsonValue, call)));
    },
    get: async (id, call = {}) => fromClaudeBatch(await this.sendJson<unknown>(this.batchRequest(`/${encodeURIComponent(id)}`, undefined, call, 'GET'))),
    cancel: async (id, call = {}) => fromClaudeBatch(await this.sendJson<unknown>(this.batchRequest(`/${encodeURIComponent(id)}/cancel`, undefined, call))),
    results: async (id, call = {}) => {
      const request = this.batchRequest(`/${encodeURIComponent(id)}/results`, undefined, call, 'GET');
      const res = await this.transportOf().request(request);
      if (res.status >= 400) throw errorFromResponse(CLAUDE_PROVIDER_ID, res, readClaudeErrorBody);
      return fromClaudeBatchResults(res.body, this.model);
    },
  };

  private batchRequest(suffix: string, body: JsonValue | undefined, call: RequestOptions, method: 'GET' | 'POST' = 'POST'): TransportRequest {
    return this.transportRequest(`${messagesUrl(this.baseUrl)}/batches${suffix}`, body, call, {
      method,
      defaults: { 'content-type': 'application/json', accept: 'application/json' },
      fixed: { 'anthropic-version': this.#version },
    });
  }

  /** Counts the request's input tokens exactly with `POST /v1/messages/count_tokens` (system prompt, tools and thinking included). */
  async countTokens(request: ProviderRequest): Promise<TokenCount> {
    const mapped = toClaudeRequest(request, this.#settings, false);
    const { model, messages, system, tools, tool_choice, thinking } = mapped.body;
    const body = { model, messages, system, tools, tool_choice, thinking } as unknown as JsonValue;
    const counted = await this.sendJson<{ input_tokens?: unknown }>(
      this.transportRequest(`${messagesUrl(this.baseUrl)}/count_tokens`, body, request, {
        defaults: { 'content-type': 'application/json', accept: 'application/json' },
        fixed: { 'anthropic-version': this.#version },
        edit: (headers) => {
          if (mapped.betas.length > 0) headers['anthropic-beta'] = [...new Set([...(headers['anthropic-beta'] ?? '').split(','), ...mapped.betas].filter(Boolean))].join(',');
        },
      }),
    );
    if (typeof counted.input_tokens !== 'number') throw new InvalidResponseError('claude count_tokens answered without input_tokens', { provider: CLAUDE_PROVIDER_ID });
    return { inputTokens: counted.input_tokens, exact: true, source: 'provider', model };
  }

  /** Claude has no embeddings API: always throws `UnsupportedFeatureError`. */
  async embed(_request: EmbeddingRequest): Promise<EmbeddingResponse> {
    throw new UnsupportedFeatureError('claude has no embeddings API; use another provider for embeddings', {
      provider: CLAUDE_PROVIDER_ID,
    });
  }

  private messagesRequest(request: ProviderRequest, mapped: ClaudeMappedRequest, accept = 'application/json'): TransportRequest {
    return this.transportRequest(messagesUrl(this.baseUrl), mapped.body as unknown as JsonValue, request, {
      defaults: { 'content-type': 'application/json', accept },
      fixed: { 'anthropic-version': this.#version },
      edit: (headers) => {
        const betaKeys = Object.keys(headers).filter((k) => k.toLowerCase() === 'anthropic-beta');
        const betas = [...betaKeys.flatMap((k) => headers[k].split(',').map((b) => b.trim())), ...mapped.betas].filter((b, i, all) => b !== '' && all.indexOf(b) === i);
        for (const key of betaKeys) delete headers[key];
        if (betas.length > 0) headers['anthropic-beta'] = betas.join(',');
      },
    });
  }
}
