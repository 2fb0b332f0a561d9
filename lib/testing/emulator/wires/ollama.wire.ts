import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { JsonValue } from '../../../core/json.types';
import type { EmulatedError } from '../emulator-script.types';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import { argumentsText, bodyObject, contentText, countTokens, lastUserMessageText, replyText, replyUsage } from './completions-wire.shared';

/** Version the emulated Ollama reports on `/api/version`. */
export const EMULATED_OLLAMA_VERSION = '0.12.6';

/** Models `/api/tags` lists. */
const MODELS = ['llama3.2:latest', 'qwen3:0.6b', 'nomic-embed-text:latest'];

const FINISH: Record<string, string> = { stop: 'stop', length: 'length', 'tool-calls': 'stop', 'content-filter': 'stop', refusal: 'stop' };

function digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function promptText(body: JsonValue): string {
  const messages = bodyObject(body).messages;
  return Array.isArray(messages) ? messages.map((m) => contentText(bodyObject(m).content)).join(' ') : '';
}

function ndjson(res: ServerResponse, status: number, lines: readonly JsonValue[]): void {
  res.writeHead(status, { 'content-type': 'application/x-ndjson' });
  for (const line of lines) res.write(`${JSON.stringify(line)}\n`);
  res.end();
}

function json(res: ServerResponse, status: number, body: JsonValue): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The progress lines of `POST /api/pull`, as Ollama's API documentation shows them. A model whose
 * name starts with `missing` fails after the first line, as a model absent from the registry does.
 */
export function pullProgressLines(model: string): JsonValue[] {
  if (model.startsWith('missing')) return [{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }];
  const layer = digest(model);
  const total = 4_000_000;
  return [
    { status: 'pulling manifest' },
    ...[0, 1_000_000, 2_500_000, total].map((completed) => ({ status: `pulling ${layer.slice(7, 19)}`, digest: layer, total, completed })),
    { status: 'verifying sha256 digest' },
    { status: 'writing manifest' },
    { status: 'success' },
  ];
}

function finalCounters(ctx: WireContext): { [key: string]: JsonValue } {
  const u = replyUsage(ctx.reply, promptText(ctx.request.body));
  return {
    done_reason: ctx.reply.finishReason ? FINISH[ctx.reply.finishReason] : 'stop',
    done: true,
    total_duration: 1_200_000,
    load_duration: 100_000,
    prompt_eval_count: u.input,
    prompt_eval_duration: 300_000,
    eval_count: u.output,
    eval_duration: 800_000,
  };
}

function toolCallsJson(ctx: WireContext): JsonValue[] {
  return (ctx.reply.toolCalls ?? []).map((c) => {
    let args: JsonValue = c.arguments;
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args) as JsonValue;
      } catch {
        args = argumentsText(c);
      }
    }
    return { function: { name: c.name, arguments: args } };
  });
}

/**
 * Ollama's native API (`/api/chat` NDJSON streams, `/api/embed`, `/api/pull` progress, `/api/tags`,
 * `/api/version`, `GET /`), as its official API documentation describes it. Its OpenAI-compatible
 * `/v1/...` endpoints are served by the `completions` wire.
 */
export const ollamaWire: EmulatorWire = {
  name: 'ollama',

  match(method: string, path: string, body: JsonValue): WireRoute | undefined {
    const b = bodyObject(body);
    const model = typeof b.model === 'string' ? b.model : undefined;
    if (method === 'POST' && path === '/api/chat') return { kind: 'chat', stream: b.stream !== false, model };
    if (method === 'POST' && path === '/api/embed') return { kind: 'embeddings', stream: false, model };
    if (method === 'POST' && path === '/api/pull') return { kind: 'custom', stream: b.stream !== false, model };
    if ((method === 'GET' || method === 'HEAD') && ['/', '/api/tags', '/api/version'].includes(path)) {
      return { kind: 'custom', stream: false };
    }
    return undefined;
  },

  lastUserText(body: JsonValue): string | undefined {
    return lastUserMessageText(body);
  },

  renderJson(ctx: WireContext): JsonValue {
    const message: { [key: string]: JsonValue } = { role: 'assistant', content: replyText(ctx.reply) ?? '' };
    if (ctx.reply.reasoning) message.thinking = ctx.reply.reasoning;
    const calls = toolCallsJson(ctx);
    if (calls.length > 0) message.tool_calls = calls;
    return { model: ctx.model, created_at: new Date().toISOString(), message, ...finalCounters(ctx) };
  },

  renderStream(ctx: WireContext): WireStream {
    const created = new Date().toISOString();
    const line = (message: { [key: string]: JsonValue }): string =>
      `${JSON.stringify({ model: ctx.model, created_at: created, message: { role: 'assistant', content: '', ...message }, done: false })}\n`;
    const frames: string[] = [];
    for (const piece of ctx.reply.reasoning ? ctx.chunks(ctx.reply.reasoning) : []) frames.push(line({ thinking: piece }));
    const text = replyText(ctx.reply);
    for (const piece of text ? ctx.chunks(text) : []) frames.push(line({ content: piece }));
    const calls = toolCallsJson(ctx);
    if (calls.length > 0) frames.push(line({ tool_calls: calls }));
    frames.push(`${JSON.stringify({ model: ctx.model, created_at: created, message: { role: 'assistant', content: '' }, ...finalCounters(ctx) })}\n`);
    return { contentType: 'application/x-ndjson', frames };
  },

  renderError(error: EmulatedError): JsonValue {
    return { error: error.message ?? (error.status === 404 ? 'model not found, try pulling it first' : `emulated error ${error.status}`) };
  },

  malformedFrame(): string {
    return '{"model":"emulated","message":{"role":"assistant","content":"cut\n';
  },

  embeddingInputs(body: JsonValue): string[] {
    const input = bodyObject(body).input;
    if (typeof input === 'string') return [input];
    return Array.isArray(input) ? input.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))) : [];
  },

  renderEmbeddings(vectors: number[][], ctx: WireContext, body: JsonValue): JsonValue {
    const tokens = ollamaWire.embeddingInputs!(body).reduce((sum, t) => sum + Math.max(1, countTokens(t)), 0);
    return { model: ctx.model, embeddings: vectors, total_duration: 14_000_000, load_duration: 1_000_000, prompt_eval_count: tokens };
  },

  handleCustom(req: IncomingMessage, res: ServerResponse, body: JsonValue, path: string): void {
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'Ollama is running');
    } else if (path === '/api/version') {
      json(res, 200, { version: EMULATED_OLLAMA_VERSION });
    } else if (path === '/api/tags') {
      json(res, 200, {
        models: MODELS.map((name) => ({
          name,
          model: name,
          modified_at: '2025-01-01T00:00:00Z',
          size: 1_000_000,
          digest: digest(name).slice(7),
          details: { format: 'gguf', family: name.split(/[:.\d]/)[0], parameter_size: '1B', quantization_level: 'Q4_K_M' },
        })),
      });
    } else {
      const b = bodyObject(body);
      const model = typeof b.model === 'string' ? b.model : typeof b.name === 'string' ? b.name : '';
      if (!model) return json(res, 400, { error: 'model is required' });
      const lines = pullProgressLines(model);
      if (b.stream === false) {
        const last = lines[lines.length - 1];
        return json(res, bodyObject(last).error ? 500 : 200, last);
      }
      ndjson(res, 200, lines);
    }
  },
};
