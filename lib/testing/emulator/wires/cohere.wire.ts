import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedError } from '../emulator-script.types';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import type { RecordedRequest } from '../recorded-request.types';

const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const words = (text: string): number => (text.match(/\S+/g) ?? []).length;

const FINISH: Readonly<Record<string, string>> = { stop: 'COMPLETE', length: 'MAX_TOKENS', 'tool-calls': 'TOOL_CALL', 'content-filter': 'ERROR', refusal: 'COMPLETE' };

function lastUserText(body: JsonValue): string | undefined {
  const messages = Array.isArray(obj(body).messages) ? (obj(body).messages as JsonValue[]) : [];
  for (const m of [...messages].reverse()) {
    if (obj(m).role !== 'user') continue;
    const content = obj(m).content;
    if (typeof content === 'string') return content;
    const text = (Array.isArray(content) ? content : []).map((c) => obj(c).text).filter((t): t is string => typeof t === 'string').join(' ');
    if (text !== '') return text;
  }
  return undefined;
}

interface Answer {
  readonly thinking?: string;
  readonly text?: string;
  readonly calls: Array<{ id: string; name: string; arguments: string }>;
  readonly finish: string;
  readonly usage: JsonObject;
}

function answer(ctx: WireContext): Answer {
  const { reply } = ctx;
  const calls = (reply.toolCalls ?? []).map((c) => ({ id: c.id ?? `${c.name}_${ctx.id('')}`, name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) }));
  const text = reply.json !== undefined ? JSON.stringify(reply.json) : reply.text;
  const finish = reply.finishReason ? FINISH[reply.finishReason] : calls.length > 0 ? 'TOOL_CALL' : 'COMPLETE';
  const input = reply.usage?.input ?? Math.max(1, words(lastUserText(ctx.request.body) ?? ''));
  const output = reply.usage?.output ?? Math.max(1, words(`${text ?? ''} ${reply.reasoning ?? ''}`) + calls.length);
  const usage: JsonObject = { billed_units: { input_tokens: input, output_tokens: output }, tokens: { input_tokens: input, output_tokens: output }, ...(reply.usage?.cached ? { cached_tokens: reply.usage.cached } : {}) };
  return { thinking: reply.reasoning, text, calls, finish, usage };
}

function event(payload: JsonObject): string {
  return `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/**
 * Cohere's native v2 wire: `POST /v2/chat` (JSON, or server-sent events named by their `type`:
 * `message-start`, `content-start` / `-delta` / `-end` for thinking and text, `tool-plan-delta`,
 * `tool-call-start` / `-delta` / `-end`, `message-end` with the finish reason and usage) and
 * `POST /v2/embed` (`embeddings.float`). Requests need `Authorization: Bearer`; otherwise a 401.
 */
export const cohereWire: EmulatorWire = {
  name: 'cohere',

  match(method: string, path: string, body: JsonValue): WireRoute | undefined {
    if (method !== 'POST') return undefined;
    const model = typeof obj(body).model === 'string' ? (obj(body).model as string) : undefined;
    if (path === '/v2/chat') return { kind: 'chat', stream: obj(body).stream === true, model };
    if (path === '/v2/embed') return { kind: 'embeddings', stream: false, model };
    return undefined;
  },

  lastUserText,

  rejectRequest(_body: JsonValue, request: RecordedRequest): EmulatedError | undefined {
    return /^Bearer \S+$/.test(request.headers['authorization'] ?? '') ? undefined : { status: 401, message: 'no api key supplied' };
  },

  renderJson(ctx: WireContext): JsonValue {
    const a = answer(ctx);
    const content: JsonValue[] = [];
    if (a.thinking) content.push({ type: 'thinking', thinking: a.thinking });
    if (a.text) content.push({ type: 'text', text: a.text });
    const message: JsonObject = { role: 'assistant' };
    if (content.length > 0) message.content = content;
    if (a.calls.length > 0) {
      message.tool_plan = `I will use ${a.calls.map((c) => c.name).join(' and ')}.`;
      message.tool_calls = a.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    }
    return { id: ctx.id('cohere-'), message, finish_reason: a.finish, usage: a.usage };
  },

  renderStream(ctx: WireContext): WireStream {
    const a = answer(ctx);
    const frames = [event({ id: ctx.id('cohere-'), type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } })];
    let index = 0;
    for (const [kind, text] of [['thinking', a.thinking], ['text', a.text]] as const) {
      if (!text) continue;
      frames.push(event({ type: 'content-start', index, delta: { message: { content: { type: kind, [kind]: '' } } } }));
      for (const piece of ctx.chunks(text)) frames.push(event({ type: 'content-delta', index, delta: { message: { content: { [kind]: piece } } } }));
      frames.push(event({ type: 'content-end', index: index++ }));
    }
    if (a.calls.length > 0) for (const piece of ctx.chunks(`I will use ${a.calls.map((c) => c.name).join(' and ')}.`)) frames.push(event({ type: 'tool-plan-delta', delta: { message: { tool_plan: piece } } }));
    a.calls.forEach((c, i) => {
      frames.push(event({ type: 'tool-call-start', index: i, delta: { message: { tool_calls: { id: c.id, type: 'function', function: { name: c.name, arguments: '' } } } } }));
      for (let at = 0; at < c.arguments.length; at += 10) frames.push(event({ type: 'tool-call-delta', index: i, delta: { message: { tool_calls: { function: { arguments: c.arguments.slice(at, at + 10) } } } } }));
      frames.push(event({ type: 'tool-call-end', index: i }));
    });
    frames.push(event({ type: 'message-end', delta: { finish_reason: a.finish, usage: a.usage } }));
    return { contentType: 'text/event-stream', frames };
  },

  renderError(error: EmulatedError, ctx: WireContext): JsonValue {
    const messages: Record<number, string> = {
      400: 'invalid request: message must not be empty',
      401: 'invalid api token',
      404: `model '${ctx.model}' not found, make sure the correct model ID was used and that you have access to the model.`,
      429: 'You are using a Trial key, which is limited to 10 API calls / minute.',
      500: 'internal server error, this has been reported to our developers',
    };
    return { id: ctx.id('err-'), message: error.message ?? messages[error.status] ?? messages[error.status >= 500 ? 500 : 400] };
  },

  malformedFrame(): string {
    return 'event: content-delta\ndata: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"cut\n\n';
  },

  embeddingInputs(body: JsonValue): string[] {
    const texts = obj(body).texts;
    return Array.isArray(texts) ? texts.map(String) : [];
  },

  renderEmbeddings(vectors: number[][], ctx: WireContext, body: JsonValue): JsonValue {
    const texts = Array.isArray(obj(body).texts) ? (obj(body).texts as JsonValue[]) : [];
    const tokens = texts.reduce<number>((sum, t) => sum + words(String(t)), 0);
    return { id: ctx.id('emb-'), texts, embeddings: { float: vectors }, meta: { api_version: { version: '2' }, billed_units: { input_tokens: tokens } }, response_type: 'embeddings_by_type' };
  },
};

