import type { Clock } from '../../core/clock.types';
import type { Transport } from '../../transport/transport.types';

/** How structured output is requested: Claude's `output_config.format`, a forced `json` tool, or chosen per model. */
export type ClaudeStructuredOutputMode = 'native' | 'tool' | 'auto';

/** Request-shaping settings (no secrets, no transport): what the request mapper needs. */
export interface ClaudeRequestSettings {
  /** Default model. */
  readonly model: string;
  /** `max_tokens` when the request sets none (default 4096, plus the thinking budget when thinking is on). */
  readonly maxTokens?: number;
  /** Extended thinking budget in tokens (≥ 1024); off when absent unless a request asks for reasoning. */
  readonly thinkingBudget?: number;
  /** Default `auto`: native for Claude Opus 4.1, the 4.5 generation and later; a forced tool otherwise. */
  readonly structuredOutput?: ClaudeStructuredOutputMode;
  /** `false` sends `disable_parallel_tool_use: true` (at most one tool call per turn). */
  readonly parallelToolCalls?: boolean;
}

/**
 * Everything a {@link ClaudeProvider} is made from. `ClaudeBuilder` fills it; you can also construct
 * the provider from it directly (e.g. in a NestJS factory).
 */
export interface ClaudeProviderConfig extends ClaudeRequestSettings {
  readonly apiKey: string;
  /** Default `https://api.anthropic.com`; requests go to `<baseUrl>/v1/messages`. */
  readonly baseUrl?: string;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default `anthropic-version` header value: `2023-06-01`. */
  readonly anthropicVersion?: string;
  readonly transport?: Transport;
  /** Stream idle timeout in ms (default 60 s). */
  readonly idleTimeout?: number;
  /** Whole-request timeout in ms for `complete()` (default none). */
  readonly timeout?: number;
  readonly clock?: Clock;
}
