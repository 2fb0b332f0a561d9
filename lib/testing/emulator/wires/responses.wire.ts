import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedError } from '../emulator-script.types';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import { annotations, lastInputText, outputItems, replyText, requestedTool, responseObject } from './responses-wire.output';

/**
 * The Responses API wire (`POST …/responses`), from OpenAI's API reference: a Response object,
 * or an SSE stream of `event: <type>` / `data: <json>` frames with `sequence_number`s
 * (response.created → output items with their deltas → response.completed / response.incomplete).
 * Errors use OpenAI's `{ "error": { message, type, param, code } }` shape.
 */
export const responsesWire: EmulatorWire = {
  name: 'responses',

  match(method: string, path: string, body: JsonValue): WireRoute | undefined {
    if (method !== 'POST' || !/\/responses$/.test(path)) return undefined;
    const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as JsonObject) : {};
    return { kind: 'chat', stream: b.stream === true, model: typeof b.model === 'string' ? b.model : undefined };
  },

  lastUserText: lastInputText,

  renderJson(ctx: WireContext): JsonValue {
    return responseObject(ctx, ctx.id('resp_'), createdAt(), outputItems(ctx), true);
  },

  renderStream(ctx: WireContext): WireStream {
    const frames: string[] = [];
    let sequence = 0;
    const send = (type: string, fields: JsonObject): void => {
      frames.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`);
    };
    const id = ctx.id('resp_');
    const created = createdAt();
    send('response.created', { response: responseObject(ctx, id, created, [], false) });
    send('response.in_progress', { response: responseObject(ctx, id, created, [], false) });
    const items = outputItems(ctx);
    items.forEach((item, output_index) => itemEvents(ctx, item, output_index, send));
    const final = responseObject(ctx, id, created, items, true);
    send(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
    return { contentType: 'text/event-stream; charset=utf-8', frames };
  },

  renderError(error: EmulatedError): JsonValue {
    const defaults: Record<number, [string, string | null, string]> = {
      400: ['invalid_request_error', null, 'Invalid request.'],
      401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'],
      403: ['invalid_request_error', 'unsupported_country_region_territory', 'Country, region, or territory not supported.'],
      404: ['invalid_request_error', 'model_not_found', 'The model does not exist or you do not have access to it.'],
      429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests. Please try again later.'],
      500: ['server_error', 'server_error', 'The server had an error while processing your request.'],
      503: ['server_error', 'server_error', 'The engine is currently overloaded, please try again later.'],
    };
    const [type, code, message] = defaults[error.status] ?? (error.status >= 500 ? defaults[500] : defaults[400]);
    const finalCode = error.code ?? code;
    const finalType = finalCode === 'insufficient_quota' ? 'insufficient_quota' : type;
    return { error: { message: error.message ?? message, type: finalType, param: null, code: finalCode } };
  },

  malformedFrame(): string {
    return 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"unterminated\n\n';
  },
};

function createdAt(): number {
  return Math.floor(Date.now() / 1000);
}

function pieces(text: string, ctx: WireContext, size = 8): string[] {
  if (ctx.reply.chunkSize) return ctx.chunks(text);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

type Send = (type: string, fields: JsonObject) => void;

function itemEvents(ctx: WireContext, item: JsonObject, output_index: number, send: Send): void {
  const item_id = String(item.id);
  const at = { item_id, output_index };
  switch (item.type) {
    case 'reasoning': {
      const text = ctx.reply.reasoning ?? '';
      send('response.output_item.added', { output_index, item: { id: item_id, type: 'reasoning', summary: [] } });
      send('response.reasoning_summary_part.added', { ...at, summary_index: 0, part: { type: 'summary_text', text: '' } });
      for (const delta of ctx.chunks(text)) send('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta });
      send('response.reasoning_summary_text.done', { ...at, summary_index: 0, text });
      send('response.reasoning_summary_part.done', { ...at, summary_index: 0, part: { type: 'summary_text', text } });
      break;
    }
    case 'web_search_call':
      send('response.output_item.added', { output_index, item: { id: item_id, type: 'web_search_call', status: 'in_progress', action: { type: 'search' } } });
      for (const step of ['in_progress', 'searching', 'completed']) send(`response.web_search_call.${step}`, at);
      break;
    case 'code_interpreter_call': {
      const code = String(item.code ?? '');
      send('response.output_item.added', { output_index, item: { id: item_id, type: 'code_interpreter_call', status: 'in_progress', code: '', container_id: item.container_id ?? null, outputs: null } });
      send('response.code_interpreter_call.in_progress', at);
      for (const delta of pieces(code, ctx)) send('response.code_interpreter_call_code.delta', { ...at, delta });
      send('response.code_interpreter_call_code.done', { ...at, code });
      send('response.code_interpreter_call.interpreting', at);
      send('response.code_interpreter_call.completed', at);
      break;
    }
    case 'image_generation_call': {
      send('response.output_item.added', { output_index, item: { id: item_id, type: 'image_generation_call', status: 'in_progress' } });
      send('response.image_generation_call.in_progress', at);
      send('response.image_generation_call.generating', at);
      const asked = Number(requestedTool(ctx, 'image_generation')?.partial_images ?? 0);
      for (let i = 0; i < Math.min(3, Math.max(0, asked)); i++) {
        send('response.image_generation_call.partial_image', {
          ...at,
          partial_image_index: i,
          partial_image_b64: String(item.result),
          size: item.size ?? '1024x1024',
          quality: item.quality ?? 'medium',
          background: item.background ?? 'opaque',
          output_format: item.output_format ?? 'png',
        });
      }
      send('response.image_generation_call.completed', at);
      break;
    }
    case 'message':
      messageEvents(ctx, item, output_index, send);
      break;
    case 'function_call': {
      const args = String(item.arguments ?? '');
      send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of pieces(args, ctx)) send('response.function_call_arguments.delta', { ...at, delta });
      send('response.function_call_arguments.done', { ...at, arguments: args });
      break;
    }
  }
  send('response.output_item.done', { output_index, item });
}

function messageEvents(ctx: WireContext, item: JsonObject, output_index: number, send: Send): void {
  const item_id = String(item.id);
  const at = { item_id, output_index, content_index: 0 };
  const text = replyText(ctx.reply) ?? '';
  send('response.output_item.added', { output_index, item: { id: item_id, type: 'message', status: 'in_progress', content: [], role: 'assistant' } });
  if (ctx.reply.finishReason === 'refusal') {
    send('response.content_part.added', { ...at, part: { type: 'refusal', refusal: '' } });
    for (const delta of ctx.chunks(text)) send('response.refusal.delta', { ...at, delta });
    send('response.refusal.done', { ...at, refusal: text });
    send('response.content_part.done', { ...at, part: { type: 'refusal', refusal: text } });
    return;
  }
  send('response.content_part.added', { ...at, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
  for (const delta of ctx.chunks(text)) send('response.output_text.delta', { ...at, delta, logprobs: [] });
  const notes = annotations(ctx.reply, text);
  notes.forEach((annotation, annotation_index) => send('response.output_text.annotation.added', { ...at, annotation_index, annotation }));
  send('response.output_text.done', { ...at, text, logprobs: [] });
  send('response.content_part.done', { ...at, part: { type: 'output_text', annotations: notes, logprobs: [], text } });
}

