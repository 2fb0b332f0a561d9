import type { ContentPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { Message } from '../../core/message.types';
import type { ProviderRequest } from '../../core/provider.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';

/** The provider id Bedrock parts carry in their origin. */
export const BEDROCK_PROVIDER_ID = 'bedrock';

/** Reasoning budget (tokens) asked for each neutral effort, for models that take a budget (Claude). */
const EFFORT_BUDGET: Readonly<Record<string, number>> = { minimal: 1024, low: 2048, medium: 8192, high: 16384 };

const IMAGE_FORMATS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };
const DOCUMENT_FORMATS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/** A mapped Converse request: the body, and the name of the tool that carries structured output, if any. */
export interface BedrockMappedRequest {
  readonly body: JsonObject;
  /** Structured output travels as a forced tool call of this name; its input is the answer. */
  readonly jsonTool?: string;
  readonly warnings: string[];
}

function fail(message: string): never {
  throw new InvalidRequestError(`bedrock: ${message}`, { provider: BEDROCK_PROVIDER_ID });
}

function mediaBlock(part: ContentPart & { type: 'image' | 'file' }): JsonObject {
  if (part.source.kind !== 'base64') fail(`${part.type} parts must be base64 data on Bedrock (URLs are not fetched by Converse)`);
  const mediaType = part.source.mediaType.toLowerCase();
  if (part.type === 'image') {
    const format = IMAGE_FORMATS[mediaType] ?? fail(`image type ${mediaType} is not supported (png, jpeg, gif, webp)`);
    return { image: { format, source: { bytes: part.source.data } } };
  }
  const format = DOCUMENT_FORMATS[mediaType] ?? fail(`document type ${mediaType} is not supported`);
  // Document names may hold letters, digits, spaces, hyphens, parentheses and brackets only.
  const name = (part.filename ?? 'document').replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9 ()[\]-]/g, ' ').trim() || 'document';
  return { document: { format, name, source: { bytes: part.source.data } } };
}

function block(part: ContentPart, model: string, warnings: string[]): JsonObject | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { text: part.text };
    case 'image':
    case 'file':
      return mediaBlock(part);
    case 'tool-call':
      return { toolUse: { toolUseId: part.id, name: part.name, input: (part.arguments ?? {}) as JsonValue } };
    case 'tool-result':
      return { toolResult: { toolUseId: part.callId, content: [{ text: part.content }], ...(part.isError ? { status: 'error' } : {}) } };
    case 'reasoning': {
      // Signed reasoning goes back only to the provider (and model family) that produced it.
      if (part.origin?.provider !== BEDROCK_PROVIDER_ID) return undefined;
      if (part.redacted && part.data) return { reasoningContent: { redactedContent: part.data } };
      if (!part.signature) return undefined;
      return { reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } };
    }
    default:
      warnings.push(`bedrock: a ${part.type} part of model ${model}'s history was not sent`);
      return undefined;
  }
}

/** Converse `messages`: roles alternate, tool results travel in user messages, system text is kept apart. */
function mapMessages(messages: readonly Message[], model: string, system: string[], warnings: string[]): JsonObject[] {
  const out: Array<{ role: 'user' | 'assistant'; content: JsonObject[] }> = [];
  for (const message of messages) {
    if (message.role === 'system') {
      for (const part of message.parts) if (part.type === 'text') system.push(part.text);
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = message.parts.map((p) => block(p, model, warnings)).filter((b): b is JsonObject => b !== undefined);
    if (content.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  }
  return out as unknown as JsonObject[];
}

/**
 * Maps a chat-ts request to a Converse / ConverseStream body (the same body for both): messages,
 * `system`, `inferenceConfig`, `toolConfig` (a forced tool for structured output), reasoning as
 * `additionalModelRequestFields.thinking` (Claude's shape), and `providerOptions` merged last
 * (e.g. `guardrailConfig`, `performanceConfig`, `additionalModelRequestFields`).
 *
 * @example
 * const { body } = toBedrockRequest({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] }, 'anthropic.claude-3-haiku-20240307-v1:0');
 */
export function toBedrockRequest(request: ProviderRequest, model: string): BedrockMappedRequest {
  const warnings: string[] = [];
  const system: string[] = request.system ? [request.system] : [];
  const messages = mapMessages(request.messages, model, system, warnings);
  if (messages.length === 0) fail('nothing to send (no user message)');
  const body: JsonObject = { messages };
  if (system.length > 0) body.system = system.map((text) => ({ text }));
  const o = request.options ?? {};
  const inference: JsonObject = {};
  if (o.maxTokens !== undefined) inference.maxTokens = o.maxTokens;
  if (o.temperature !== undefined) inference.temperature = o.temperature;
  if (o.topP !== undefined) inference.topP = o.topP;
  if (o.stop && o.stop.length > 0) inference.stopSequences = [...o.stop];
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  const extra: JsonObject = {};
  if (o.topK !== undefined) extra.top_k = o.topK;
  const budget = o.reasoning?.budgetTokens ?? (o.reasoning?.effort ? EFFORT_BUDGET[o.reasoning.effort] : undefined);
  if (budget !== undefined) extra.thinking = { type: 'enabled', budget_tokens: budget };
  if (Object.keys(extra).length > 0) body.additionalModelRequestFields = extra;
  if (o.seed !== undefined) warnings.push('bedrock: seed is not part of the Converse API; it was not sent');

  const tools: JsonObject[] = request.toolChoice === 'none' ? [] : (request.tools ?? []).map((t) => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.parameters as JsonValue } } }));
  let jsonTool: string | undefined;
  let choice: JsonObject | undefined;
  if (request.responseFormat) {
    jsonTool = request.responseFormat.name;
    tools.push({ toolSpec: { name: jsonTool, description: request.responseFormat.description ?? 'Respond with this structure.', inputSchema: { json: request.responseFormat.schema as JsonValue } } });
    choice = { tool: { name: jsonTool } };
  } else if (request.toolChoice === 'required') choice = { any: {} };
  else if (typeof request.toolChoice === 'object') choice = { tool: { name: request.toolChoice.name } };
  if (tools.length > 0) body.toolConfig = { tools, ...(choice ? { toolChoice: choice } : {}) };
  for (const [key, value] of Object.entries(request.providerOptions ?? {})) {
    const current = body[key];
    body[key] = typeof current === 'object' && current !== null && !Array.isArray(current) && typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...current, ...value } : value;
  }
  return { body, jsonTool, warnings };
}
