import type { JsonObject, JsonValue } from '../../core/json.types';
import type { GenerationOptions, ProviderRequest } from '../../core/provider.types';
import type { NativeTool } from '../../core/tool.types';
import { toGeminiConversation } from './gemini-content.mapper';
import { isGemini3OrLater, supportsJsonSchema } from './gemini-model.family';
import { adaptSchema, type GeminiSchemaDialect } from './gemini-schema.adapter';
import { toGeminiTools } from './gemini-tools.mapper';

/** Gemini thinking settings (`generationConfig.thinkingConfig`). */
export interface GeminiThinkingOptions {
  /** Return thought summaries as reasoning parts. Default: on when reasoning is asked for. */
  readonly includeThoughts?: boolean;
  /** `thinkingBudget` in tokens (Gemini 2.5; 0 turns thinking off, -1 lets the model decide). */
  readonly budgetTokens?: number;
  /** `thinkingLevel` (Gemini 3). */
  readonly level?: 'minimal' | 'low' | 'medium' | 'high';
}

/** Provider-level settings the request mapper combines with each request. */
export interface GeminiRequestSettings {
  readonly model: string;
  readonly nativeTools: readonly NativeTool[];
  /** Default: `json-schema` for Gemini 2.5 and later (and unknown names), `openapi` before. */
  readonly schemaDialect?: GeminiSchemaDialect;
  readonly thinking?: GeminiThinkingOptions;
  /** Default generation options; each request's options override them. */
  readonly generation?: GenerationOptions;
  /** `safetySettings`, sent as given. */
  readonly safetySettings?: readonly JsonObject[];
  /** Ask Gemini 3 to stream function call arguments in pieces (`partialArgs`). */
  readonly streamFunctionCallArguments?: boolean;
}

const EFFORT_BUDGET = { minimal: 512, low: 1024, medium: 8192, high: 24576 } as const;

function thinkingConfig(model: string, options: GenerationOptions, thinking: GeminiThinkingOptions | undefined): JsonObject | undefined {
  const reasoning = options.reasoning;
  const budget = reasoning?.budgetTokens ?? thinking?.budgetTokens;
  const level = reasoning?.effort ?? thinking?.level;
  const include = thinking?.includeThoughts ?? (reasoning !== undefined ? true : undefined);
  const config: JsonObject = {};
  if (include !== undefined) config.includeThoughts = include;
  if (budget !== undefined) config.thinkingBudget = budget;
  else if (level !== undefined) {
    if (isGemini3OrLater(model)) config.thinkingLevel = level;
    else config.thinkingBudget = EFFORT_BUDGET[level];
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

function generationConfig(request: ProviderRequest, settings: GeminiRequestSettings, dialect: GeminiSchemaDialect): JsonObject {
  const o: GenerationOptions = { ...settings.generation, ...request.options };
  const config: JsonObject = {};
  if (o.temperature !== undefined) config.temperature = o.temperature;
  if (o.topP !== undefined) config.topP = o.topP;
  if (o.topK !== undefined) config.topK = o.topK;
  if (o.maxTokens !== undefined) config.maxOutputTokens = o.maxTokens;
  if (o.stop !== undefined && o.stop.length > 0) config.stopSequences = [...o.stop];
  if (o.seed !== undefined) config.seed = o.seed;
  const thinking = thinkingConfig(settings.model, o, settings.thinking);
  if (thinking) config.thinkingConfig = thinking;
  if (request.responseFormat) {
    config.responseMimeType = 'application/json';
    config[dialect === 'openapi' ? 'responseSchema' : 'responseJsonSchema'] = adaptSchema(request.responseFormat.schema, dialect);
  }
  return config;
}

function merge(body: JsonObject, extra: { readonly [key: string]: JsonValue } | undefined): JsonObject {
  if (!extra) return body;
  const out: JsonObject = { ...body };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    const bothObjects = typeof current === 'object' && current !== null && !Array.isArray(current) && typeof value === 'object' && value !== null && !Array.isArray(value);
    out[key] = bothObjects ? { ...(current as JsonObject), ...(value as JsonObject) } : value;
  }
  return out;
}

/** The schema dialect of a request: the configured one, else by model generation. */
export function geminiSchemaDialect(settings: Pick<GeminiRequestSettings, 'model' | 'schemaDialect'>): GeminiSchemaDialect {
  return settings.schemaDialect ?? (supportsJsonSchema(settings.model) ? 'json-schema' : 'openapi');
}

/**
 * Builds a `generateContent` body: `contents`, `systemInstruction`, `tools` / `toolConfig`,
 * `generationConfig` (sampling, stop sequences, seed, thinking, JSON schema), `safetySettings`,
 * then `providerOptions` merged on top (one level deep for objects such as `generationConfig`).
 *
 * @example
 * toGeminiRequest({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] }, { model: 'gemini-2.5-flash', nativeTools: [] });
 * // { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }
 */
export function toGeminiRequest(request: ProviderRequest, settings: GeminiRequestSettings): JsonObject {
  const dialect = geminiSchemaDialect(settings);
  const { contents, systemTexts } = toGeminiConversation(request.messages, settings.model);
  const system = [request.system, ...systemTexts].filter((s): s is string => typeof s === 'string' && s !== '');
  const body: JsonObject = { contents: contents as unknown as JsonValue };
  if (system.length > 0) body.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
  const { tools, toolConfig } = toGeminiTools({
    model: settings.model,
    tools: request.tools ?? [],
    nativeTools: [...settings.nativeTools, ...(request.nativeTools ?? [])],
    toolChoice: request.toolChoice,
    dialect,
    streamFunctionCallArguments: settings.streamFunctionCallArguments,
  });
  if (tools) body.tools = tools;
  if (toolConfig) body.toolConfig = toolConfig;
  const config = generationConfig(request, settings, dialect);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  if (settings.safetySettings && settings.safetySettings.length > 0) body.safetySettings = [...settings.safetySettings];
  return merge(body, request.providerOptions);
}
