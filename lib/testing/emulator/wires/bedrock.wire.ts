import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedError, EmulatedReply } from '../emulator-script.types';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import type { RecordedRequest } from '../recorded-request.types';
import { bedrockEventFrame } from './aws-event-stream.encoder';

/** `/model/<model id, URL-encoded>/<converse | converse-stream | invoke>`. */
const BEDROCK_PATH = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/;
/** `AWS4-HMAC-SHA256 Credential=<key id>/<yyyymmdd>/<region>/bedrock/aws4_request, SignedHeaders=…, Signature=<64 hex>`. */
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;

const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const words = (text: string): number => (text.match(/\S+/g) ?? []).length;

function lastUserText(body: JsonValue): string | undefined {
  const messages = Array.isArray(obj(body).messages) ? (obj(body).messages as JsonValue[]) : [];
  for (const m of [...messages].reverse()) {
    if (obj(m).role !== 'user') continue;
    const text = (Array.isArray(obj(m).content) ? (obj(m).content as JsonValue[]) : []).map((c) => obj(c).text).filter((t): t is string => typeof t === 'string').join(' ');
    if (text !== '') return text;
  }
  return undefined;
}

/** The tool a request forces (structured output travels as a forced tool call). */
function forcedTool(body: JsonValue): string | undefined {
  const name = obj(obj(obj(obj(body).toolConfig).toolChoice).tool).name;
  return typeof name === 'string' ? name : undefined;
}

function stopReason(reply: EmulatedReply, calls: boolean): string {
  switch (reply.finishReason) {
    case 'length':
      return 'max_tokens';
    case 'content-filter':
      return 'guardrail_intervened';
    case 'refusal':
      return 'content_filtered';
    case 'tool-calls':
      return 'tool_use';
    case 'stop':
      return 'end_turn';
    default:
      return calls ? 'tool_use' : 'end_turn';
  }
}

interface Blocks {
  readonly reasoning?: { text: string; signature: string };
  readonly text?: string;
  readonly tools: Array<{ id: string; name: string; input: JsonValue }>;
}

function blocks(ctx: WireContext): Blocks {
  const { reply } = ctx;
  const body = ctx.request.body;
  const forced = forcedTool(body);
  const tools = (reply.toolCalls ?? []).map((c) => ({ id: c.id ?? ctx.id('tooluse_'), name: c.name, input: c.arguments }));
  let text = reply.text;
  if (reply.json !== undefined) {
    if (forced) tools.push({ id: ctx.id('tooluse_'), name: forced, input: reply.json });
    else text = JSON.stringify(reply.json);
  }
  return { reasoning: reply.reasoning ? { text: reply.reasoning, signature: reply.reasoningSignature ?? `sig-${ctx.id('')}` } : undefined, text, tools };
}

function usage(ctx: WireContext, b: Blocks): JsonObject {
  const input = ctx.reply.usage?.input ?? Math.max(1, words(lastUserText(ctx.request.body) ?? ''));
  const output = ctx.reply.usage?.output ?? Math.max(1, words(`${b.text ?? ''} ${b.reasoning?.text ?? ''}`) + b.tools.length);
  const cached = ctx.reply.usage?.cached;
  return { inputTokens: input, outputTokens: output, totalTokens: input + output + (cached ?? 0), ...(cached ? { cacheReadInputTokens: cached, cacheWriteInputTokens: 0 } : {}) };
}

/**
 * Amazon Bedrock's Converse wire: `POST /model/<id>/converse` (JSON), `/converse-stream` (binary
 * AWS event stream, encoded by the emulator's own encoder, payloads padded with `p` as live ones
 * are) and `/invoke` for Titan and Cohere embedding models. Requests need an `Authorization`
 * header: a SigV4 signature for service `bedrock` (its format is checked, not its value) with
 * `x-amz-date`, or a Bedrock API key as a bearer token; otherwise a 403.
 */
export const bedrockWire: EmulatorWire = {
  name: 'bedrock',

  match(method: string, path: string): WireRoute | undefined {
    const m = method === 'POST' ? BEDROCK_PATH.exec(path) : null;
    if (!m) return undefined;
    const model = decodeURIComponent(m[1]);
    if (m[2] === 'invoke') return { kind: 'embeddings', stream: false, model };
    return { kind: 'chat', stream: m[2] === 'converse-stream', model };
  },

  lastUserText,

  rejectRequest(_body: JsonValue, request: RecordedRequest): EmulatedError | undefined {
    const auth = request.headers['authorization'] ?? '';
    if (/^Bearer \S+$/.test(auth)) return undefined;
    if (SIGV4.test(auth) && /^\d{8}T\d{6}Z$/.test(request.headers['x-amz-date'] ?? '')) return undefined;
    return { status: 403, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  },

  renderJson(ctx: WireContext): JsonValue {
    const b = blocks(ctx);
    const content: JsonValue[] = [];
    if (b.reasoning) content.push({ reasoningContent: { reasoningText: { text: b.reasoning.text, signature: b.reasoning.signature } } });
    if (b.text !== undefined && b.text !== '') content.push({ text: b.text });
    for (const t of b.tools) content.push({ toolUse: { toolUseId: t.id, name: t.name, input: t.input } });
    return { output: { message: { role: 'assistant', content } }, stopReason: stopReason(ctx.reply, b.tools.length > 0), usage: usage(ctx, b), metrics: { latencyMs: 42 } };
  },

  renderStream(ctx: WireContext): WireStream {
    const b = blocks(ctx);
    const frames: Uint8Array[] = [bedrockEventFrame('messageStart', { role: 'assistant' }, 2)];
    let index = 0;
    if (b.reasoning) {
      for (const piece of ctx.chunks(b.reasoning.text)) frames.push(bedrockEventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text: piece } } }, piece.length));
      frames.push(bedrockEventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature: b.reasoning.signature } } }, 3));
      frames.push(bedrockEventFrame('contentBlockStop', { contentBlockIndex: index++ }, 5));
    }
    if (b.text !== undefined && b.text !== '') {
      for (const piece of ctx.chunks(b.text)) frames.push(bedrockEventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }, piece.length + 4));
      frames.push(bedrockEventFrame('contentBlockStop', { contentBlockIndex: index++ }, 7));
    }
    for (const t of b.tools) {
      frames.push(bedrockEventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: t.id, name: t.name } } }, 6));
      const args = typeof t.input === 'string' ? t.input : JSON.stringify(t.input);
      for (let i = 0; i < args.length; i += 12) frames.push(bedrockEventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: args.slice(i, i + 12) } } }, 8));
      frames.push(bedrockEventFrame('contentBlockStop', { contentBlockIndex: index++ }, 9));
    }
    frames.push(bedrockEventFrame('messageStop', { stopReason: stopReason(ctx.reply, b.tools.length > 0) }, 10));
    frames.push(bedrockEventFrame('metadata', { usage: usage(ctx, b), metrics: { latencyMs: 42 } }, 11));
    return { contentType: 'application/vnd.amazon.eventstream', frames };
  },

  renderError(error: EmulatedError): JsonValue {
    const messages: Record<number, string> = {
      400: 'The provided model identifier is invalid.',
      403: 'You don’t have access to the model with the specified model ID.',
      429: 'Too many requests, please wait before trying again.',
      500: 'The system encountered an unexpected error during processing. Try your request again.',
      503: 'Bedrock is unable to process your request.',
    };
    return { message: error.message ?? messages[error.status] ?? messages[error.status >= 500 ? 500 : 400] };
  },

  malformedFrame(): Uint8Array {
    const frame = bedrockEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'corrupt' } });
    frame[frame.length - 1] ^= 0xff; // a wrong message CRC
    return frame;
  },

  embeddingInputs(body: JsonValue): string[] {
    const b = obj(body);
    if (Array.isArray(b.texts)) return b.texts.map(String);
    return typeof b.inputText === 'string' ? [b.inputText] : [];
  },

  renderEmbeddings(vectors: number[][], _ctx: WireContext, body: JsonValue): JsonValue {
    const b = obj(body);
    if (Array.isArray(b.texts)) return { id: 'emb-emulated', embeddings: vectors, response_type: 'embeddings_floats', texts: b.texts };
    return { embedding: vectors[0] ?? [], inputTextTokenCount: words(String(b.inputText ?? '')) };
  },
};

