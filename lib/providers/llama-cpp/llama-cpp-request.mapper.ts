import type { ChatHistoryItem, ChatModelFunctions, GbnfJsonSchema } from 'node-llama-cpp';
import type { JsonValue } from '../../core/json.types';
import type { ProviderRequest, ToolSpec } from '../../core/provider.types';
import { toChatHistory } from './llama-cpp-history.mapper';
import { toGrammarSchema, type GrammarSchema } from './llama-cpp-schema.adapter';

/** Sampling settings passed to `LlamaChat.generateResponse`. */
export interface SamplingSettings {
  temperature?: number;
  maxTokens: number;
  topP?: number;
  topK?: number;
  seed?: number;
  customStopTriggers?: string[];
  budgets?: { thoughtTokens?: number };
  [extra: string]: JsonValue | object | undefined;
}

/** One request, ready for node-llama-cpp. */
export interface GenerationPlan {
  readonly history: ChatHistoryItem[];
  /** Functions the model may call (never with handlers: calls come back to the engine). */
  readonly functions?: ChatModelFunctions;
  /** The model must call one of `functions` (`toolChoice` `required` or a name). */
  readonly forceCall: boolean;
  /** The grammar schema of the structured output, when one is asked for. */
  readonly grammarSchema?: GrammarSchema;
  readonly sampling: SamplingSettings;
  /** Settings that were ignored, as `warning` events. */
  readonly warnings: string[];
}

/** Provider options passed through to `generateResponse` (sampling knobs node-llama-cpp has and chat-ts does not). */
export const PASS_THROUGH_OPTIONS = [
  'minP',
  'xtc',
  'repeatPenalty',
  'dryRepeatPenalty',
  'trimWhitespaceSuffix',
  'evaluationPriority',
  'maxParallelFunctionCalls',
  'documentFunctionParams',
] as const;

/** Defaults the model contributes to every request. */
export interface PlanDefaults {
  readonly seed?: number;
  readonly maxTokens: number;
}

/** Tool specs as node-llama-cpp functions: description and grammar schema only, no handler. */
export function toFunctions(tools: readonly ToolSpec[]): ChatModelFunctions {
  const functions: Record<string, { description?: string; params?: GbnfJsonSchema }> = {};
  for (const tool of tools) {
    functions[tool.name] = {
      description: tool.description,
      params: toGrammarSchema(tool.parameters) as unknown as GbnfJsonSchema,
    };
  }
  return functions;
}

function selectTools(request: ProviderRequest, warnings: string[]): { tools: readonly ToolSpec[]; forceCall: boolean } {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  if (tools.length === 0 || choice === 'none') return { tools: [], forceCall: false };
  if (typeof choice === 'object') {
    const named = tools.filter((tool) => tool.name === choice.name);
    if (named.length === 0) warnings.push(`llama-cpp: toolChoice names "${choice.name}", which is not among the tools; no tool is offered`);
    return { tools: named, forceCall: named.length > 0 };
  }
  return { tools, forceCall: choice === 'required' };
}

/** Maps a provider request to chat history, functions, grammar schema and sampling settings. */
export function planGeneration(request: ProviderRequest, defaults: PlanDefaults): GenerationPlan {
  const warnings: string[] = [];
  const options = request.options ?? {};
  const { tools, forceCall } = selectTools(request, warnings);
  if (request.nativeTools?.length) warnings.push('llama-cpp has no native tools; they were ignored');
  if (options.reasoning?.effort) warnings.push('llama-cpp ignores reasoning.effort; use reasoning.budgetTokens to cap thought tokens');

  const sampling: SamplingSettings = {
    maxTokens: options.maxTokens ?? defaults.maxTokens,
    temperature: options.temperature,
    topP: options.topP,
    topK: options.topK,
    seed: options.seed ?? defaults.seed,
    customStopTriggers: options.stop?.length ? [...options.stop] : undefined,
    budgets: options.reasoning?.budgetTokens !== undefined ? { thoughtTokens: options.reasoning.budgetTokens } : undefined,
  };
  for (const [key, value] of Object.entries(request.providerOptions ?? {})) {
    if ((PASS_THROUGH_OPTIONS as readonly string[]).includes(key)) sampling[key] = value;
    else warnings.push(`llama-cpp ignores providerOptions.${key}`);
  }
  return {
    history: toChatHistory(request.messages, request.system),
    functions: tools.length > 0 ? toFunctions(tools) : undefined,
    forceCall,
    grammarSchema: request.responseFormat ? toGrammarSchema(request.responseFormat.schema) : undefined,
    sampling,
    warnings,
  };
}
