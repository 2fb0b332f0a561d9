import { ConfigurationError } from '../../errors/configuration.error';
import type { Transport } from '../../transport/transport.types';
import { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
import type { ClaudeProviderConfig, ClaudeStructuredOutputMode } from './claude-config.types';
import { CLAUDE_PROVIDER_ID } from './claude-error.reader';
import { CLAUDE_MIN_THINKING_BUDGET } from './claude-request.mapper';
import { CLAUDE_DEFAULT_BASE_URL, ClaudeProvider } from './claude.provider';

/** Environment variables read for the API key, in order. */
export const CLAUDE_API_KEY_ENV = ['CLAUDE_API_KEY', 'ANTHROPIC_API_KEY'] as const;
/** Environment variables read for the base URL, in order. */
export const CLAUDE_BASE_URL_ENV = ['CLAUDE_BASE_URL', 'ANTHROPIC_BASE_URL'] as const;

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** The settings methods of {@link HttpProviderBuilderBase} whose documentation is specific to Claude. */
export interface ClaudeBuilder<M extends boolean = false> {
  /** The API key (overrides `CLAUDE_API_KEY` / `ANTHROPIC_API_KEY`). */
  withApiKey(apiKey: string): this;
  /** Extra headers on every request (e.g. `anthropic-beta`). */
  withHeaders(headers: Readonly<Record<string, string>>): this;
  /** The transport (share one instance between builders to share a connection pool). */
  withTransport(transport: Transport): this;
  /** Whole-request timeout in ms for non-streamed requests (and until a stream's headers arrive). */
  withTimeout(ms: number): this;
}

/**
 * Builds a {@link ClaudeProvider}. `build()` only compiles after `withModel()`. The API key comes
 * from `.withApiKey()`, else `CLAUDE_API_KEY`, else `ANTHROPIC_API_KEY`; a missing key fails at
 * `build()` with a `ConfigurationError` naming both variables.
 *
 * @example
 * const claude = new ClaudeBuilder()
 *   .withModel('claude-sonnet-4-5')
 *   .withThinking(4096)
 *   .build();
 */
export class ClaudeBuilder<M extends boolean = false> extends HttpProviderBuilderBase {
  /** Type-state (compile time only, never set): whether `withModel()` was called. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M };
  protected readonly settings: Mutable<Omit<ClaudeProviderConfig, 'apiKey' | 'headers'>> = {};

  /** The model, e.g. `claude-sonnet-4-5`, `claude-haiku-4-5`, `claude-opus-4-1`. */
  withModel(model: string): ClaudeBuilder<true> {
    this.settings.model = model;
    return this as unknown as ClaudeBuilder<true>;
  }

  /** Another base URL (a proxy, a gateway, the emulator); requests go to `<baseUrl>/v1/messages`. Default `https://api.anthropic.com`. */
  withBaseUrl(baseUrl: string): this {
    this.settings.baseUrl = baseUrl;
    return this;
  }

  /**
   * Turns extended thinking on with this budget (at least 1024 tokens). `max_tokens` grows to fit
   * the budget plus the answer, so the budget always stays below it.
   *
   * Thinking is left out of a request that Claude would reject with it, and the request is sent
   * without it (a streamed request emits a `warning` event saying why):
   * - a forced tool call (`toolChoice: 'required'` or `{ name }`): Claude allows only `auto`/`none` with thinking;
   * - a tool loop whose last tool call carries no Claude-signed thinking (e.g. a router fell back to
   *   Claude mid tool loop and the call came from another provider): Claude wants the final
   *   assistant turn to start with its own thinking block.
   */
  withThinking(budgetTokens: number): this {
    if (!Number.isFinite(budgetTokens) || budgetTokens < CLAUDE_MIN_THINKING_BUDGET) {
      throw new ConfigurationError(`claude thinking budget must be at least ${CLAUDE_MIN_THINKING_BUDGET} tokens, got ${budgetTokens}`, {
        provider: CLAUDE_PROVIDER_ID,
      });
    }
    this.settings.thinkingBudget = Math.floor(budgetTokens);
    return this;
  }

  /** Default `max_tokens` of the answer (4096 when not set). */
  withMaxTokens(maxTokens: number): this {
    this.settings.maxTokens = maxTokens;
    return this;
  }

  /** How structured output is asked for: `native` (`output_config.format`), `tool` (a forced `json` tool) or `auto` (per model, the default). */
  withStructuredOutput(mode: ClaudeStructuredOutputMode): this {
    this.settings.structuredOutput = mode;
    return this;
  }

  /** `false`: at most one tool call per turn (`disable_parallel_tool_use`). Default true. */
  withParallelToolCalls(enabled: boolean): this {
    this.settings.parallelToolCalls = enabled;
    return this;
  }

  /** The `anthropic-version` header (default `2023-06-01`). */
  withAnthropicVersion(version: string): this {
    this.settings.anthropicVersion = version;
    return this;
  }

  /** Builds the provider; throws `ConfigurationError` when no API key is set or found in the environment, or the base URL is not an http(s) URL. */
  build(this: ClaudeBuilder<true>): ClaudeProvider {
    const self = this as ClaudeBuilder<boolean>;
    const connection = self.connection({
      builder: 'ClaudeBuilder',
      provider: CLAUDE_PROVIDER_ID,
      baseUrlEnv: CLAUDE_BASE_URL_ENV,
      defaultBaseUrl: CLAUDE_DEFAULT_BASE_URL,
      apiKeyEnv: CLAUDE_API_KEY_ENV,
      trimEnv: true,
      missingKey: `claude needs an API key: set ${CLAUDE_API_KEY_ENV.join(' or ')} in the environment, or call withApiKey()`,
    });
    return new ClaudeProvider({ ...self.settings, ...connection, model: self.settings.model as string, apiKey: connection.apiKey as string });
  }

  protected providerId(): string {
    return CLAUDE_PROVIDER_ID;
  }
}
