import type { GenerationOptions, ProviderRequest } from '../../core/provider.types';
import { supportsNativeStructuredOutput } from './claude-model.capabilities';
import type { ClaudeRequestSettings } from './claude-config.types';
import { toClaudeMessages } from './claude-message.mapper';
import { toClaudeServerTools } from './claude-native-tools.mapper';
import { toClaudeOutputSchema } from './claude-schema.adapter';
import { thinkingBlocker } from './claude-thinking.guard';
import { jsonTool, jsonToolName, toClaudeToolChoice, toClaudeTools } from './claude-tools.mapper';
import type { ClaudeRequestBody } from './claude-wire.types';

/** Default `max_tokens` of the answer (every Claude model can produce at least this many). */
export const CLAUDE_DEFAULT_MAX_TOKENS = 4096;
/** Smallest thinking budget Claude accepts. */
export const CLAUDE_MIN_THINKING_BUDGET = 1024;

const EFFORT_BUDGETS = { minimal: 1024, low: 2048, medium: 8192, high: 16384 } as const;

/** A request body plus what the response mappers must know about it. */
export interface ClaudeMappedRequest {
  readonly body: ClaudeRequestBody;
  /** Set when structured output travels through a forced tool: its `tool_use` becomes the answer text. */
  readonly jsonTool?: string;
  /** `anthropic-beta` flags the request needs (server tools still in beta). */
  readonly betas: readonly string[];
  /** Settings left out because Claude would reject them (emitted as `warning` events when streaming). */
  readonly warnings: readonly string[];
}

function thinkingBudget(options: GenerationOptions | undefined, settings: ClaudeRequestSettings): number | undefined {
  const r = options?.reasoning;
  const asked = r?.budgetTokens ?? (r?.effort ? EFFORT_BUDGETS[r.effort] : undefined) ?? settings.thinkingBudget;
  return asked === undefined || asked <= 0 ? undefined : Math.max(CLAUDE_MIN_THINKING_BUDGET, Math.floor(asked));
}

/**
 * `max_tokens`: the request's, else the configured one, else 4096 — plus the thinking budget when no
 * explicit value leaves room for it, so that `budget_tokens < max_tokens` always holds.
 */
export function claudeMaxTokens(explicit: number | undefined, budget: number | undefined): number {
  const answer = explicit ?? CLAUDE_DEFAULT_MAX_TOKENS;
  if (budget === undefined) return answer;
  if (explicit === undefined || explicit <= budget) return budget + answer;
  return explicit;
}

/**
 * Maps a neutral request to the `POST /v1/messages` body: system prompt, messages, tools and tool
 * choice, sampling options, extended thinking and structured output (native `output_config.format`,
 * or a forced `json` tool on models without it). `providerOptions` are merged last.
 *
 * Thinking is left out (with a warning) when Claude would reject it: a forced tool choice, or a tool
 * loop whose last tool call carries no Claude-signed thinking (see {@link thinkingBlocker}).
 */
export function toClaudeRequest(request: ProviderRequest, settings: ClaudeRequestSettings, stream: boolean): ClaudeMappedRequest {
  const { system, messages } = toClaudeMessages(request.messages);
  if (request.system) system.unshift(request.system);
  const options = request.options;
  const warnings: string[] = [];
  const blocker = thinkingBudget(options, settings) === undefined ? undefined : thinkingBlocker(messages, request.toolChoice, (request.tools ?? []).length > 0);
  if (blocker) warnings.push(blocker);
  const budget = blocker ? undefined : thinkingBudget(options, settings);
  const body: ClaudeRequestBody = {
    model: settings.model,
    max_tokens: claudeMaxTokens(options?.maxTokens ?? settings.maxTokens, budget),
    messages,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  if (budget !== undefined) body.thinking = { type: 'enabled', budget_tokens: budget };
  // Claude rejects temperature and top_k with thinking on, and top_p below 0.95.
  if (options?.temperature !== undefined && budget === undefined) body.temperature = options.temperature;
  if (options?.topP !== undefined && (budget === undefined || options.topP >= 0.95)) body.top_p = options.topP;
  if (options?.topK !== undefined && budget === undefined) body.top_k = options.topK;
  if (options?.stop?.length) body.stop_sequences = [...options.stop];

  const parallel = settings.parallelToolCalls ?? true;
  const tools = request.tools ?? [];
  const server = toClaudeServerTools(request.nativeTools ?? []);
  if (tools.length > 0 || server.tools.length > 0) body.tools = [...toClaudeTools(tools), ...server.tools];
  if (request.toolChoice && tools.length > 0) body.tool_choice = toClaudeToolChoice(request.toolChoice, parallel);
  else if (!parallel && tools.length > 0) body.tool_choice = toClaudeToolChoice('auto', false);

  let jsonToolUsed: string | undefined;
  const format = request.responseFormat;
  if (format) {
    const mode = settings.structuredOutput ?? 'auto';
    const native = mode === 'native' || (mode === 'auto' && supportsNativeStructuredOutput(settings.model));
    if (native) {
      body.output_config = { format: { type: 'json_schema', schema: toClaudeOutputSchema(format.schema) } };
    } else {
      jsonToolUsed = jsonToolName(tools);
      body.tools = [...(body.tools ?? []), jsonTool(jsonToolUsed, format)];
      // Thinking allows only `auto` tool choice; otherwise force the JSON tool (or any tool when the user has tools).
      if (budget !== undefined) {
        body.tool_choice = { type: 'auto' };
        body.system = [body.system, `Give your final answer by calling the ${jsonToolUsed} tool.`].filter(Boolean).join('\n\n');
      } else {
        body.tool_choice = tools.length > 0 ? { type: 'any' } : { type: 'tool', name: jsonToolUsed };
      }
    }
  }
  if (stream) body.stream = true;
  if (request.providerOptions) Object.assign(body, request.providerOptions);
  return jsonToolUsed ? { body, jsonTool: jsonToolUsed, betas: server.betas, warnings } : { body, betas: server.betas, warnings };
}
