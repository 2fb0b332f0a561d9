import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedError, EmulatedReply } from '../emulator-script.types';
import { emulatedTokenCount, sendJson } from './emulated-token.counter';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import { claudeRequestError } from './claude-request.rules';
import { claudeServerToolBlocks } from './claude-server-tools.blocks';

/*
 * The Anthropic Messages wire (`POST /v1/messages`), written from Anthropic's API reference and
 * streaming guide. Shares no code with chat-ts's Claude provider.
 */

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
};

const STOP_REASONS: Readonly<Record<string, string>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  refusal: 'refusal',
};

type Block = JsonObject;

function obj(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function textOf(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b) => obj(b))
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text as string)
    .join('\n');
}

/** The tool a structured reply (`reply.json`) is delivered through, when the request forces one. */
function structuredTool(request: JsonObject): string | undefined {
  const choice = obj(request.tool_choice);
  if (choice.type === 'tool' && typeof choice.name === 'string') return choice.name;
  const tools = Array.isArray(request.tools) ? request.tools.map(obj) : [];
  if (request.output_config === undefined && tools.some((t) => t.name === 'json')) return 'json';
  return undefined;
}

/** The content blocks of a reply, in the order Claude writes them: thinking, server tools, text, tool uses. */
function blocks(ctx: WireContext): Block[] {
  const { reply } = ctx;
  const out: Block[] = [];
  if (reply.reasoning !== undefined) {
    out.push({ type: 'thinking', thinking: reply.reasoning, signature: reply.reasoningSignature ?? `sig_${Buffer.from(reply.reasoning).toString('base64').slice(0, 24)}` });
  }
  const server = claudeServerToolBlocks(ctx, claudeWire.lastUserText(ctx.request.body) ?? '');
  out.push(...server.blocks);
  const viaTool = reply.json !== undefined ? structuredTool(obj(ctx.request.body)) : undefined;
  const text = reply.json !== undefined && viaTool === undefined ? JSON.stringify(reply.json) : reply.text;
  if (text !== undefined && text !== '') out.push(server.citations.length > 0 ? { type: 'text', text, citations: server.citations } : { type: 'text', text });
  if (viaTool !== undefined) out.push({ type: 'tool_use', id: ctx.id('toolu_'), name: viaTool, input: reply.json ?? {} });
  for (const call of reply.toolCalls ?? []) {
    out.push({ type: 'tool_use', id: call.id ?? ctx.id('toolu_'), name: call.name, input: call.arguments });
  }
  return out;
}

function stopReason(reply: EmulatedReply, content: readonly Block[]): string {
  if (reply.finishReason) return STOP_REASONS[reply.finishReason];
  return content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usage(ctx: WireContext, content: readonly Block[]): { input: number; cached: number; output: number } {
  const u = ctx.reply.usage;
  const request = obj(ctx.request.body);
  const messages = Array.isArray(request.messages) ? request.messages.map(obj) : [];
  const promptText = messages.map((m) => textOf(m.content)).join('\n') + (typeof request.system === 'string' ? request.system : '');
  const written = content.map((b) => JSON.stringify(b.text ?? b.thinking ?? b.input ?? '')).join('');
  const cached = u?.cached ?? 0;
  const input = u?.input ?? tokens(promptText) + cached;
  return { input: Math.max(0, input - cached), cached, output: u?.output ?? tokens(written) };
}

function frame(type: string, data: JsonObject, pad = ''): string {
  const json = JSON.stringify(data);
  return `event: ${type}\ndata: ${pad ? `${json.slice(0, -1)}${pad}}` : json}\n\n`;
}

/** Splits tool input JSON into a few `input_json_delta` fragments, as the API does. */
function jsonFragments(json: string): string[] {
  const size = Math.max(1, Math.ceil(json.length / 3));
  const out = [''];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out;
}

function blockFrames(block: Block, index: number, ctx: WireContext): string[] {
  const frames: string[] = [];
  const delta = (d: JsonObject): void => void frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: d }));
  if (block.type === 'thinking') {
    frames.push(frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    for (const piece of ctx.chunks(String(block.thinking))) delta({ type: 'thinking_delta', thinking: piece });
    delta({ type: 'signature_delta', signature: String(block.signature) });
  } else if (block.type === 'text') {
    const cited = Array.isArray(block.citations) ? block.citations : undefined;
    frames.push(frame('content_block_start', { type: 'content_block_start', index, content_block: cited ? { citations: [], type: 'text', text: '' } : { type: 'text', text: '' } }));
    for (const citation of cited ?? []) delta({ type: 'citations_delta', citation });
    for (const piece of ctx.chunks(String(block.text))) delta({ type: 'text_delta', text: piece });
  } else if (block.type !== 'tool_use' && block.type !== 'server_tool_use') {
    frames.push(frame('content_block_start', { type: 'content_block_start', index, content_block: block }));
  } else {
    frames.push(frame('content_block_start', { type: 'content_block_start', index, content_block: { type: block.type, id: block.id ?? '', name: block.name ?? '', input: {} } }));
    const input = typeof block.input === 'string' ? block.input : JSON.stringify(block.input ?? {});
    for (const piece of jsonFragments(input)) delta({ type: 'input_json_delta', partial_json: piece });
  }
  frames.push(frame('content_block_stop', { type: 'content_block_stop', index }, '  '));
  return frames;
}

/** The Anthropic Messages wire: JSON replies and SSE streams with `event:` lines. */
export const claudeWire: EmulatorWire = {
  name: 'claude',

  match(method: string, path: string, body: JsonValue): WireRoute | undefined {
    if (method === 'POST' && /\/v1\/messages\/count_tokens$/.test(path)) return { kind: 'custom', stream: false };
    if (method !== 'POST' || !/\/v1\/messages$/.test(path)) return undefined;
    const b = obj(body);
    return { kind: 'chat', stream: b.stream === true, model: typeof b.model === 'string' ? b.model : undefined };
  },

  /** `POST /v1/messages/count_tokens`: `{"input_tokens": n}` by the emulator's tokenizer (messages, system, tools). */
  handleCustom(_req, res, body) {
    const b = obj(body);
    if (typeof b.model !== 'string' || !Array.isArray(b.messages)) {
      return sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'count_tokens needs model and messages' } });
    }
    sendJson(res, 200, { input_tokens: emulatedTokenCount(b.messages, b.system, b.tools) });
  },

  lastUserText(body: JsonValue): string | undefined {
    const messages = Array.isArray(obj(body).messages) ? (obj(body).messages as JsonValue[]).map(obj) : [];
    const last = [...messages].reverse().find((m) => m.role === 'user' && textOf(m.content) !== '');
    return last ? textOf(last.content) : undefined;
  },

  renderJson(ctx: WireContext): JsonValue {
    const content = blocks(ctx);
    const u = usage(ctx, content);
    return {
      id: ctx.id('msg_'),
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content,
      stop_reason: stopReason(ctx.reply, content),
      stop_sequence: null,
      usage: { input_tokens: u.input, cache_creation_input_tokens: 0, cache_read_input_tokens: u.cached, output_tokens: u.output },
    };
  },

  renderStream(ctx: WireContext): WireStream {
    const content = blocks(ctx);
    const u = usage(ctx, content);
    const message = {
      id: ctx.id('msg_'),
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: u.input, cache_creation_input_tokens: 0, cache_read_input_tokens: u.cached, output_tokens: 1 },
    };
    const frames = [frame('message_start', { type: 'message_start', message }, '    ')];
    content.forEach((block, index) => {
      const own = blockFrames(block, index, ctx);
      frames.push(...own.slice(0, 1), ...(index === 0 ? [frame('ping', { type: 'ping' })] : []), ...own.slice(1));
    });
    frames.push(
      frame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason(ctx.reply, content), stop_sequence: null },
        usage: { output_tokens: u.output },
      }),
      frame('message_stop', { type: 'message_stop' }, '       '),
    );
    return { contentType: 'text/event-stream; charset=utf-8', frames };
  },

  rejectRequest(body: JsonValue): EmulatedError | undefined {
    return claudeRequestError(body);
  },

  renderError(error: EmulatedError, ctx: WireContext): JsonValue {
    const type = error.code ?? ERROR_TYPES[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
    return {
      type: 'error',
      error: { type, message: error.message ?? ERROR_MESSAGES[type] ?? `HTTP ${error.status}` },
      request_id: ctx.id('req_'),
    };
  },

  malformedFrame(): string {
    return 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut\n\n';
  },
};
