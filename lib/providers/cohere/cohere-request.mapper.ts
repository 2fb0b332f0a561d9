import type { ContentPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { Message } from '../../core/message.types';
import type { ProviderRequest } from '../../core/provider.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';

/** The provider id Cohere parts carry in their origin. */
export const COHERE_PROVIDER_ID = 'cohere';

/** Thinking budget (tokens) asked for each neutral effort. */
const EFFORT_BUDGET: Readonly<Record<string, number>> = { minimal: 1024, low: 2048, medium: 8192, high: 16384 };

/** A mapped `/v2/chat` request: the body and the notes of what was not sent. */
export interface CohereMappedRequest {
  readonly body: JsonObject;
  readonly warnings: string[];
}

function userContent(parts: readonly ContentPart[], model: string, warnings: string[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image') {
      const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
      out.push({ type: 'image_url', image_url: { url } });
    } else if (part.type === 'file') {
      throw new UnsupportedFeatureError(`cohere: file parts are not part of the v2 chat API (pass documents through providerOptions.documents)`, { provider: COHERE_PROVIDER_ID });
    } else warnings.push(`cohere: a ${part.type} part of model ${model}'s history was not sent`);
  }
  return out;
}

/** One chat-ts message → Cohere v2 messages (tool results become one `tool` message each). */
function mapMessage(message: Message, model: string, warnings: string[]): JsonObject[] {
  const { parts } = message;
  if (message.role === 'system') return [{ role: 'system', content: parts.map((p) => (p.type === 'text' ? p.text : '')).join('') }];
  if (message.role === 'tool' || parts.every((p) => p.type === 'tool-result')) {
    return parts.flatMap((p) =>
      p.type === 'tool-result' ? [{ role: 'tool', tool_call_id: p.callId, content: [{ type: 'document', document: { data: p.isError ? JSON.stringify({ error: p.content }) : p.content } }] }] : [],
    );
  }
  if (message.role === 'assistant') {
    const text = parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    // The tool plan comes back as a reasoning part of Cohere's; send it back as the plan.
    const plan = parts.map((p) => (p.type === 'reasoning' && p.origin?.provider === COHERE_PROVIDER_ID ? p.text : '')).join('');
    const calls = parts.flatMap((p) => (p.type === 'tool-call' ? [{ id: p.id, type: 'function', function: { name: p.name, arguments: JSON.stringify(p.arguments ?? {}) } }] : []));
    const out: JsonObject = { role: 'assistant' };
    if (calls.length > 0) {
      out.tool_calls = calls;
      if (plan !== '') out.tool_plan = plan;
    }
    if (text !== '') out.content = [{ type: 'text', text }];
    return out.content || out.tool_calls ? [out] : [];
  }
  const content = userContent(parts, model, warnings);
  return content.length === 0 ? [] : [{ role: 'user', content }];
}

/**
 * Maps a chat-ts request to a Cohere `POST /v2/chat` body: `messages` (system, user with text and
 * images, assistant with `tool_plan` and `tool_calls`, tool results), `tools`, `tool_choice`
 * (`REQUIRED` / `NONE`; a named tool is forced by sending it alone), `response_format` with a JSON
 * schema, sampling (`p`, `k`, `seed`, `stop_sequences`), `thinking` with a token budget, and
 * `providerOptions` (e.g. `documents`, `citation_options`, `safety_mode`) merged last.
 *
 * @example
 * const { body } = toCohereRequest({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] }, 'command-a-03-2025', false);
 */
export function toCohereRequest(request: ProviderRequest, model: string, stream: boolean): CohereMappedRequest {
  const warnings: string[] = [];
  const messages: JsonObject[] = request.system ? [{ role: 'system', content: request.system }] : [];
  for (const message of request.messages) messages.push(...mapMessage(message, model, warnings));
  if (!messages.some((m) => m.role !== 'system')) throw new InvalidRequestError('cohere: nothing to send (no user message)', { provider: COHERE_PROVIDER_ID });
  const body: JsonObject = { model, messages, stream };
  const o = request.options ?? {};
  if (o.maxTokens !== undefined) body.max_tokens = o.maxTokens;
  if (o.temperature !== undefined) body.temperature = o.temperature;
  if (o.topP !== undefined) body.p = o.topP;
  if (o.topK !== undefined) body.k = o.topK;
  if (o.seed !== undefined) body.seed = o.seed;
  if (o.stop && o.stop.length > 0) body.stop_sequences = [...o.stop];
  const budget = o.reasoning?.budgetTokens ?? (o.reasoning?.effort ? EFFORT_BUDGET[o.reasoning.effort] : undefined);
  if (budget !== undefined) body.thinking = { type: 'enabled', token_budget: budget };
  const choice = request.toolChoice;
  const tools = (request.tools ?? []).filter((t) => typeof choice !== 'object' || t.name === choice.name);
  if (tools.length > 0) {
    body.tools = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters as JsonValue } }));
    if (choice === 'none') body.tool_choice = 'NONE';
    else if (choice === 'required' || typeof choice === 'object') body.tool_choice = 'REQUIRED';
  }
  if (request.responseFormat) body.response_format = { type: 'json_object', json_schema: request.responseFormat.schema as JsonValue };
  for (const [key, value] of Object.entries(request.providerOptions ?? {})) body[key] = value;
  return { body, warnings };
}
