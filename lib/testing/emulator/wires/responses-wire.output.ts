import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedReply } from '../emulator-script.types';
import type { WireContext } from '../emulator-wire.types';

/**
 * Output items of an emulated Responses API reply, written from the API reference
 * (https://platform.openai.com/docs/api-reference/responses/object). Shares no code with the providers.
 */

type Body = { [key: string]: JsonValue };

/** The request body as an object (empty when it was not one). */
export function requestBody(ctx: WireContext): Body {
  const b = ctx.request.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Body) : {};
}

/** The last user text of a Responses request (`input` string, or the last user message's text). */
export function lastInputText(body: JsonValue): string | undefined {
  const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};
  if (typeof b.input === 'string') return b.input;
  if (!Array.isArray(b.input)) return undefined;
  for (let i = b.input.length - 1; i >= 0; i--) {
    const item = b.input[i] as Body | null;
    if (!item || typeof item !== 'object' || item.role !== 'user') continue;
    if (typeof item.content === 'string') return item.content;
    if (Array.isArray(item.content)) {
      const texts = item.content.filter((c): c is Body => typeof c === 'object' && c !== null && (c as Body).type === 'input_text');
      if (texts.length > 0) return String(texts[texts.length - 1].text ?? '');
    }
  }
  return undefined;
}

/** The requested tool of a type (`image_generation`, `web_search`). */
export function requestedTool(ctx: WireContext, type: string): Body | undefined {
  const tools = requestBody(ctx).tools;
  if (!Array.isArray(tools)) return undefined;
  return tools.find((t): t is Body => typeof t === 'object' && t !== null && String((t as Body).type).startsWith(type)) as Body | undefined;
}

/** The reply's answer text (a JSON reply as its JSON text). */
export function replyText(reply: EmulatedReply): string | undefined {
  return reply.json !== undefined ? JSON.stringify(reply.json) : reply.text;
}

/** `url_citation` annotations for the reply's sources. */
export function annotations(reply: EmulatedReply, text: string): JsonObject[] {
  return (reply.sources ?? []).map((s) => ({
    type: 'url_citation',
    start_index: 0,
    end_index: text.length,
    url: s.url,
    title: s.title ?? s.url,
  }));
}

/** The finished output items, in the order the API writes them. */
export function outputItems(ctx: WireContext): JsonObject[] {
  const { reply } = ctx;
  const body = requestBody(ctx);
  const include = Array.isArray(body.include) ? body.include : [];
  const items: JsonObject[] = [];
  if (reply.reasoning !== undefined) {
    const item: JsonObject = { id: ctx.id('rs_'), type: 'reasoning', summary: [{ type: 'summary_text', text: reply.reasoning }] };
    if (include.includes('reasoning.encrypted_content')) {
      item.encrypted_content = reply.reasoningSignature ?? `gAAAA${Buffer.from(reply.reasoning).toString('base64')}`;
    }
    items.push(item);
  }
  if (reply.sources?.length) {
    items.push({
      id: ctx.id('ws_'),
      type: 'web_search_call',
      status: 'completed',
      action: { type: 'search', query: lastInputText(body) ?? '', sources: reply.sources.map((s) => ({ type: 'url', url: s.url })) },
    });
  }
  if (reply.codeExecution) {
    items.push({
      id: ctx.id('ci_'),
      type: 'code_interpreter_call',
      status: 'completed',
      code: reply.codeExecution.code,
      container_id: 'cntr_emulated',
      outputs: [{ type: 'logs', logs: reply.codeExecution.output }],
    });
  }
  const imageTool = requestedTool(ctx, 'image_generation');
  for (const image of reply.images ?? []) {
    items.push({
      id: ctx.id('ig_'),
      type: 'image_generation_call',
      status: 'completed',
      background: String(imageTool?.background ?? 'opaque'),
      output_format: (image.mediaType ?? 'image/png').split('/')[1] ?? 'png',
      quality: String(imageTool?.quality ?? 'medium'),
      size: String(imageTool?.size ?? '1024x1024'),
      result: image.data,
      revised_prompt: lastInputText(body) ?? '',
    });
  }
  const text = replyText(reply);
  if (text !== undefined && (text !== '' || !reply.toolCalls?.length)) {
    const content: JsonObject =
      reply.finishReason === 'refusal'
        ? { type: 'refusal', refusal: text }
        : { type: 'output_text', annotations: annotations(reply, text), logprobs: [], text };
    items.push({ id: ctx.id('msg_'), type: 'message', status: 'completed', content: [content], role: 'assistant' });
  }
  for (const call of reply.toolCalls ?? []) {
    items.push({
      id: ctx.id('fc_'),
      type: 'function_call',
      status: 'completed',
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      call_id: call.id ?? ctx.id('call_'),
      name: call.name,
    });
  }
  return items;
}

function words(value: JsonValue | undefined): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.3));
}

/** The `usage` object: scripted counts, else rough estimates. */
export function usage(ctx: WireContext): JsonObject {
  const { reply } = ctx;
  const input = reply.usage?.input ?? words(requestBody(ctx).input);
  const reasoning = reply.usage?.reasoning ?? (reply.reasoning ? words(reply.reasoning) : 0);
  const output = reply.usage?.output ?? words(replyText(reply) ?? '') + reasoning;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: reply.usage?.cached ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + output,
  };
}

/** The Response object around the output. */
export function responseObject(ctx: WireContext, id: string, createdAt: number, output: JsonObject[], final: boolean): JsonObject {
  const body = requestBody(ctx);
  const reason = ctx.reply.finishReason;
  const incomplete = final && (reason === 'length' || reason === 'content-filter');
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: !final ? 'in_progress' : incomplete ? 'incomplete' : 'completed',
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: reason === 'length' ? 'max_output_tokens' : 'content_filter' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: ctx.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null, ...(typeof body.reasoning === 'object' && body.reasoning !== null ? (body.reasoning as Body) : {}) },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: final ? usage(ctx) : null,
    user: null,
    metadata: {},
  };
}
