import type { JsonValue } from '../../../core/json.types';
import type { EmulatedError } from '../emulator-script.types';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import {
  argumentsText,
  bodyObject,
  contentText,
  countTokens,
  float32Base64,
  lastUserMessageText,
  replyText,
  replyUsage,
  slices,
} from './completions-wire.shared';

const FINISH: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  refusal: 'stop',
};

const ERROR_DEFAULTS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

const CODE_DEFAULTS: Record<string, { type: string; message: string }> = {
  insufficient_quota: { type: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' },
  context_length_exceeded: {
    type: 'invalid_request_error',
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
  },
};

function promptText(body: JsonValue): string {
  const messages = bodyObject(body).messages;
  return Array.isArray(messages) ? messages.map((m) => contentText(bodyObject(m).content)).join(' ') : '';
}

function usageJson(ctx: WireContext): JsonValue {
  const u = replyUsage(ctx.reply, promptText(ctx.request.body));
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  };
}

function finishReason(ctx: WireContext): string {
  const { reply } = ctx;
  if (reply.finishReason) return FINISH[reply.finishReason];
  return reply.toolCalls && reply.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

function toolCalls(ctx: WireContext): { id: string; name: string; args: string }[] {
  return (ctx.reply.toolCalls ?? []).map((c) => ({ id: c.id ?? ctx.id('call_'), name: c.name, args: argumentsText(c) }));
}

/**
 * OpenAI Chat Completions (`POST …/chat/completions`, `POST …/embeddings`), as documented in the
 * OpenAI API reference: whole `chat.completion` bodies, SSE `chat.completion.chunk` streams ending
 * with `data: [DONE]`, tool calls streamed by `index` one call at a time (its header, then its
 * argument fragments, as OpenAI sends them; `interleaveToolCalls` scripts the round-robin order some
 * servers use), reasoning as `reasoning_content`, a usage chunk when `stream_options.include_usage`
 * is set, OpenAI-shaped error bodies, and float or base64 embeddings.
 */
export const completionsWire: EmulatorWire = {
  name: 'completions',

  match(method: string, path: string, body: JsonValue): WireRoute | undefined {
    if (method !== 'POST') return undefined;
    const b = bodyObject(body);
    const model = typeof b.model === 'string' ? b.model : undefined;
    if (path.endsWith('/chat/completions')) return { kind: 'chat', stream: b.stream === true, model };
    if (/(^|\/)embeddings$/.test(path)) return { kind: 'embeddings', stream: false, model };
    return undefined;
  },

  lastUserText(body: JsonValue): string | undefined {
    return lastUserMessageText(body);
  },

  renderJson(ctx: WireContext): JsonValue {
    const { reply } = ctx;
    const calls = toolCalls(ctx);
    const refused = reply.finishReason === 'refusal';
    const text = replyText(reply);
    const message: { [key: string]: JsonValue } = {
      role: 'assistant',
      content: refused ? null : (text ?? (calls.length > 0 ? null : '')),
      refusal: refused ? (text ?? "I'm sorry, I can't help with that.") : null,
    };
    if (reply.reasoning) message.reasoning_content = reply.reasoning;
    if (calls.length > 0) {
      message.tool_calls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } }));
    }
    return {
      id: ctx.id('chatcmpl-'),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: ctx.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(ctx) }],
      usage: usageJson(ctx),
      system_fingerprint: 'fp_emulator',
      ...(reply.sources ? { citations: reply.sources.map((s) => s.url) } : {}),
    };
  },

  renderStream(ctx: WireContext): WireStream {
    const { reply } = ctx;
    const id = ctx.id('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    const frames: string[] = [];
    const chunk = (delta: JsonValue, finish: string | null = null, extra: { [key: string]: JsonValue } = {}): void => {
      const payload = { id, object: 'chat.completion.chunk', created, model: ctx.model, system_fingerprint: 'fp_emulator', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra };
      frames.push(`data: ${JSON.stringify(payload)}\n\n`);
    };
    const refused = reply.finishReason === 'refusal';
    chunk({ role: 'assistant', content: '', refusal: null });
    for (const piece of reply.reasoning ? ctx.chunks(reply.reasoning) : []) chunk({ reasoning_content: piece });
    const text = replyText(reply);
    for (const piece of text ? ctx.chunks(text) : []) chunk(refused ? { refusal: piece } : { content: piece });
    if (refused && !text) chunk({ refusal: "I'm sorry, I can't help with that." });
    const calls = toolCalls(ctx);
    const header = (c: { id: string; name: string }, index: number): void =>
      chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] });
    const fragments = calls.map((c) => slices(c.args, reply.chunkSize ?? 8));
    if (reply.interleaveToolCalls) {
      // Scripted option: every header first, then argument pieces round-robin (0, 1, 0, 1, ...).
      calls.forEach(header);
      for (let round = 0; fragments.some((f) => round < f.length); round++) {
        fragments.forEach((f, index) => {
          if (round < f.length) chunk({ tool_calls: [{ index, function: { arguments: f[round] } }] });
        });
      }
    } else {
      // As OpenAI sends them: one call at a time, its header then all its argument pieces.
      calls.forEach((c, index) => {
        header(c, index);
        for (const piece of fragments[index]) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
      });
    }
    chunk({}, finishReason(ctx), reply.sources ? { citations: reply.sources.map((s) => s.url) } : {});
    const options = bodyObject(bodyObject(ctx.request.body).stream_options);
    if (options.include_usage === true) {
      const payload = { id, object: 'chat.completion.chunk', created, model: ctx.model, system_fingerprint: 'fp_emulator', choices: [], usage: usageJson(ctx) };
      frames.push(`data: ${JSON.stringify(payload)}\n\n`);
    }
    frames.push('data: [DONE]\n\n');
    return { contentType: 'text/event-stream; charset=utf-8', frames };
  },

  renderError(error: EmulatedError): JsonValue {
    const byStatus = ERROR_DEFAULTS[error.status] ?? (error.status >= 500 ? ERROR_DEFAULTS[500] : ERROR_DEFAULTS[400]);
    const byCode = error.code ? CODE_DEFAULTS[error.code] : undefined;
    return {
      error: {
        message: error.message ?? byCode?.message ?? byStatus.message,
        type: byCode?.type ?? byStatus.type,
        param: null,
        code: error.code ?? byStatus.code,
      },
    };
  },

  malformedFrame(): string {
    return 'data: {"id":"chatcmpl-malformed","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"cut\n\n';
  },

  embeddingInputs(body: JsonValue): string[] {
    const input = bodyObject(body).input;
    if (typeof input === 'string') return [input];
    return Array.isArray(input) ? input.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))) : [];
  },

  renderEmbeddings(vectors: number[][], ctx: WireContext, body: JsonValue): JsonValue {
    const b = bodyObject(body);
    const base64 = b.encoding_format === 'base64';
    const tokens = completionsWire.embeddingInputs!(body).reduce((sum, t) => sum + Math.max(1, countTokens(t)), 0);
    return {
      object: 'list',
      data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: base64 ? float32Base64(v) : v })),
      model: ctx.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  },
};
