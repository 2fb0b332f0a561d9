import type { JsonObject, JsonValue } from '../../core/json.types';
import type { Message } from '../../core/message.types';
import type { ProviderRequest } from '../../core/provider.types';
import type { NativeTool, ToolChoice } from '../../core/tool.types';
import type { ResponsesConfig } from './responses-config.types';
import { mapInputItems } from './responses-input.mapper';
import { toStrictSchema } from './responses-strict-schema';

/** A request body and the warnings about settings the wire cannot express. */
export interface MappedRequest {
  readonly body: JsonObject;
  readonly warnings: string[];
}

/**
 * The response id to chain from: the explicit one, or (auto chaining) the last assistant turn's
 * when it completed. Over a message transport (WebSocket mode) auto chaining is on by default and
 * works with `store: false` too (the socket keeps the previous response in memory).
 */
export function chainFrom(request: ProviderRequest, config: ResponsesConfig): string | undefined {
  if (request.previousResponseId) return request.previousResponseId;
  const overSocket = config.transport.events !== undefined;
  if (!(config.autoChain ?? overSocket) || (config.store === false && !overSocket)) return undefined;
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m.role !== 'assistant') continue;
    // An interrupted turn is not a response the server finished: send the conversation in full.
    if (m.status === 'interrupted') return undefined;
    return m.metadata?.provider === config.id && m.metadata.id ? m.metadata.id : undefined;
  }
  return undefined;
}

function indexOfResponse(messages: readonly Message[], responseId: string): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'assistant' && messages[i].metadata?.id === responseId) return i;
  }
  return -1;
}

/**
 * True when the request chains from a response whose turn is in the conversation, so the whole
 * conversation can be re-sent if the server no longer knows that response.
 */
export function canResendInFull(request: ProviderRequest, config: ResponsesConfig): boolean {
  const previous = chainFrom(request, config);
  return previous !== undefined && indexOfResponse(request.messages, previous) >= 0;
}

function toolChoice(choice: ToolChoice): JsonValue {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}

/** Structured-output names must match `^[a-zA-Z0-9_-]{1,64}$`. */
function formatName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return clean === '' ? 'output' : clean;
}

function nativeTool(tool: NativeTool, warnings: string[]): JsonObject | undefined {
  const options = tool.options ?? {};
  if (tool.kind === 'web-search') return { type: 'web_search', ...options };
  if (tool.kind === 'image-generation') return { type: 'image_generation', ...options };
  warnings.push(`The Responses API has no native tool "${tool.kind}"; it was not sent`);
  return undefined;
}

function mergedNativeTools(request: ProviderRequest, config: ResponsesConfig): NativeTool[] {
  const byKind = new Map<string, NativeTool>();
  for (const t of [...(config.nativeTools ?? []), ...(request.nativeTools ?? [])]) byKind.set(t.kind, t);
  return [...byKind.values()];
}

/**
 * Builds the `POST /responses` body: `input` items, `instructions`, function tools in the strict
 * dialect when their schema allows it, native tools, `tool_choice`, `parallel_tool_calls`,
 * `text.format` (strict json_schema), `reasoning`, `store`/`include`, sampling options,
 * `previous_response_id` (only the messages after that response are sent), then the builder's
 * extra body and the request's `providerOptions`.
 */
export function buildResponsesRequest(request: ProviderRequest, config: ResponsesConfig, stream: boolean): MappedRequest {
  const warnings: string[] = [];
  const previous = chainFrom(request, config);
  const index = previous ? indexOfResponse(request.messages, previous) : -1;
  const messages = index >= 0 ? request.messages.slice(index + 1) : request.messages;
  const body: JsonObject = {
    model: config.model,
    input: mapInputItems(messages, { provider: config.id, store: config.store }),
  };
  if (request.system) body.instructions = request.system;
  if (previous) body.previous_response_id = previous;

  const tools: JsonObject[] = (request.tools ?? []).map((t) => {
    const strict = toStrictSchema(t.parameters);
    return { type: 'function', name: t.name, description: t.description, parameters: strict.schema as JsonObject, strict: strict.strict };
  });
  const natives = mergedNativeTools(request, config);
  for (const n of natives) {
    const wire = nativeTool(n, warnings);
    if (wire) tools.push(wire);
  }
  if (tools.length > 0) body.tools = tools;
  if (request.toolChoice && tools.length > 0) body.tool_choice = toolChoice(request.toolChoice);
  if (config.parallelToolCalls !== undefined && tools.length > 0) body.parallel_tool_calls = config.parallelToolCalls;

  if (request.responseFormat) {
    const strict = toStrictSchema(request.responseFormat.schema);
    const format: JsonObject = {
      type: 'json_schema',
      name: formatName(request.responseFormat.name),
      schema: strict.schema as JsonObject,
      strict: strict.strict,
    };
    if (request.responseFormat.description) format.description = request.responseFormat.description;
    body.text = { format };
  }

  const options = request.options ?? {};
  if (options.reasoning?.effort || config.reasoningSummary) {
    const reasoning: JsonObject = { summary: config.reasoningSummary ?? 'auto' };
    if (options.reasoning?.effort) reasoning.effort = options.reasoning.effort;
    body.reasoning = reasoning;
  }
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.maxTokens !== undefined) body.max_output_tokens = options.maxTokens;
  if (options.topK !== undefined) warnings.push('The Responses API has no top_k; it was not sent');
  if (options.stop?.length) warnings.push('The Responses API has no stop sequences; they were not sent');
  if (options.seed !== undefined) warnings.push('The Responses API has no seed; it was not sent');

  const include: string[] = [];
  if (config.store !== undefined) body.store = config.store;
  if (config.store === false) include.push('reasoning.encrypted_content');
  if (natives.some((n) => n.kind === 'web-search')) include.push('web_search_call.action.sources');
  if (include.length > 0) body.include = include;
  if (stream) body.stream = true;

  Object.assign(body, config.extraBody ?? {}, request.providerOptions ?? {});
  return { body, warnings };
}
