import type { JsonObject, JsonValue } from '../../../core/json.types';
import { emulatedEmbedding } from '../emulated-embedding';
import type { EmulatedError, EmulatedReply } from '../emulator-script.types';
import { emulatedTokenCount, sendJson } from './emulated-token.counter';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import { geminiGroundingMetadata } from './gemini-grounding.blocks';

/*
 * The Gemini API wire (generativelanguage.googleapis.com/v1beta), written from Google's REST
 * reference: `models/{model}:generateContent` (JSON), `:streamGenerateContent?alt=sse` (one
 * `GenerateContentResponse` per `data:` event, events separated by CRLF CRLF), `:embedContent`,
 * `:batchEmbedContents`, and errors as `{"error":{"code","message","status","details"}}`.
 *
 * Rendering of the neutral script:
 * - `reasoning` → a `thought: true` part; `reasoningSignature` → `thoughtSignature` on the first
 *   function call, else on the last part (streams: on a final empty text part, as Gemini 3 does).
 * - `toolCalls` → `functionCall` parts (an `id` only when the script gives one); arguments given as
 *   a string (invalid JSON) → finish reason `MALFORMED_FUNCTION_CALL` and no call.
 *   When the request sets `toolConfig.functionCallingConfig.streamFunctionCallArguments`, streamed
 *   calls arrive as Gemini 3 `partialArgs` pieces.
 * - `sources` → `groundingMetadata`: `web` chunks with the search queries and entry point, or
 *   (`kind: 'maps'`) `maps` chunks with a `placeId`, plus `googleMapsWidgetContextToken` when the
 *   request's `googleMaps` tool sets `enableWidget`; `codeExecution` → `executableCode` + `codeExecutionResult`.
 * - finish reasons: stop/tool-calls → STOP, length → MAX_TOKENS, content-filter → SAFETY,
 *   refusal → a blocked prompt (`promptFeedback` with `blockReason: PROHIBITED_CONTENT` and the
 *   prompt's `safetyRatings`, no candidate). content-filter also puts `safetyRatings` on the candidate.
 */

const ROUTE = /\/(?:models|tunedModels)\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents|countTokens)$/;
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};
const CANONICAL = new Set([...Object.values(STATUS_NAMES), 'FAILED_PRECONDITION', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'DATA_LOSS', 'UNKNOWN']);
const SAFETY_RATINGS: JsonValue = [
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
];

const PROMPT_SAFETY_RATINGS: JsonValue = [
  { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
];

const asObject = (value: JsonValue | undefined): JsonObject => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
const asArray = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);
const frame = (value: JsonValue): string => `data: ${JSON.stringify(value)}\r\n\r\n`;
const countWords = (text: string): number => (text.match(/\S+/g) ?? []).length;

function partsText(content: JsonValue | undefined): string {
  return asArray(asObject(content).parts)
    .map((p) => asObject(p).text)
    .filter((t): t is string => typeof t === 'string')
    .join(' ');
}

function promptTokens(body: JsonValue): number {
  const contents = asArray(asObject(body).contents);
  return Math.max(1, contents.reduce<number>((sum, c) => sum + countWords(partsText(c)), 0) + countWords(partsText(asObject(body).systemInstruction)));
}

function replyText(reply: EmulatedReply): string | undefined {
  return reply.json !== undefined ? JSON.stringify(reply.json) : reply.text;
}

function finishReason(reply: EmulatedReply, malformed: boolean): string {
  if (malformed) return 'MALFORMED_FUNCTION_CALL';
  if (reply.finishReason === 'length') return 'MAX_TOKENS';
  if (reply.finishReason === 'content-filter') return 'SAFETY';
  return 'STOP';
}

function usageMetadata(ctx: WireContext, final: boolean): JsonObject {
  const { reply } = ctx;
  const prompt = reply.usage?.input ?? promptTokens(ctx.request.body);
  const thoughts = reply.usage?.reasoning ?? (reply.reasoning ? countWords(reply.reasoning) : undefined);
  const output = reply.usage?.output ?? countWords(replyText(reply) ?? '') + (reply.toolCalls?.length ?? 0) * 8 + (thoughts ?? 0);
  const candidates = Math.max(0, output - (thoughts ?? 0));
  const usage: JsonObject = { promptTokenCount: prompt };
  if (final) usage.candidatesTokenCount = candidates;
  if (thoughts !== undefined) usage.thoughtsTokenCount = thoughts;
  if (reply.usage?.cached !== undefined) usage.cachedContentTokenCount = reply.usage.cached;
  usage.totalTokenCount = prompt + (final ? candidates : 0) + (thoughts ?? 0);
  usage.promptTokensDetails = [{ modality: 'TEXT', tokenCount: prompt }];
  return usage;
}

function groundingMetadata(ctx: WireContext, text: string): JsonObject | undefined {
  return geminiGroundingMetadata(ctx, partsText(asArray(asObject(ctx.request.body).contents).slice(-1)[0]), text);
}

function functionCall(call: { id?: string; name: string; arguments: JsonValue }): JsonObject {
  const body: JsonObject = { name: call.name, args: call.arguments };
  if (call.id) body.id = call.id;
  return { functionCall: body };
}

/** Document-ordered leaves of an arguments object as Gemini 3 `partialArgs` paths. */
function leaves(value: JsonValue, path: string, out: Array<[string, JsonValue]>): Array<[string, JsonValue]> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) leaves(v, /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}['${key}']`, out);
  } else out.push([path, value]);
  return out;
}

function partialCallFrames(ctx: WireContext, call: { id?: string; name: string; arguments: JsonValue }, signature?: string): JsonObject[][] {
  const start: JsonObject = { functionCall: { name: call.name, willContinue: true, ...(call.id ? { id: call.id } : {}) } };
  if (signature) start.thoughtSignature = signature;
  const pieces: JsonObject[][] = [[start]];
  for (const [jsonPath, value] of leaves(call.arguments, '$', [])) {
    if (typeof value === 'string') {
      for (const chunk of ctx.chunks(value)) pieces.push([{ functionCall: { partialArgs: [{ jsonPath, stringValue: chunk, willContinue: true }], willContinue: true } }]);
      pieces.push([{ functionCall: { partialArgs: [{ jsonPath, stringValue: '' }], willContinue: true } }]);
    } else {
      const piece: JsonObject = { jsonPath };
      if (typeof value === 'number') piece.numberValue = value;
      else if (typeof value === 'boolean') piece.boolValue = value;
      else piece.nullValue = 'NULL_VALUE';
      pieces.push([{ functionCall: { partialArgs: [piece], willContinue: true } }]);
    }
  }
  pieces.push([{ functionCall: {} }]);
  return pieces;
}

interface Rendered {
  readonly leading: JsonObject[];
  readonly text: string;
  readonly calls: ReadonlyArray<{ id?: string; name: string; arguments: JsonValue }>;
  readonly malformed?: string;
}

function render(reply: EmulatedReply): Rendered {
  const leading: JsonObject[] = [];
  if (reply.reasoning) leading.push({ text: reply.reasoning, thought: true });
  if (reply.codeExecution) {
    leading.push({ executableCode: { language: (reply.codeExecution.language ?? 'python').toUpperCase(), code: reply.codeExecution.code } });
    leading.push({ codeExecutionResult: { outcome: 'OUTCOME_OK', output: reply.codeExecution.output } });
  }
  const calls = (reply.toolCalls ?? []).filter((c) => typeof c.arguments !== 'string');
  const bad = (reply.toolCalls ?? []).find((c) => typeof c.arguments === 'string');
  return { leading, text: replyText(reply) ?? '', calls, malformed: bad ? `${bad.name}(${String(bad.arguments)})` : undefined };
}

function candidate(parts: JsonObject[], extra: JsonObject): JsonObject {
  return { ...(parts.length > 0 ? { content: { parts, role: 'model' } } : {}), ...extra, index: 0 };
}

function envelope(ctx: WireContext, candidates: JsonObject[] | undefined, final: boolean, responseId: string): JsonObject {
  return { ...(candidates ? { candidates } : {}), usageMetadata: usageMetadata(ctx, final), modelVersion: ctx.model, responseId };
}

function finalFields(ctx: WireContext, r: Rendered): JsonObject {
  const extra: JsonObject = { finishReason: finishReason(ctx.reply, r.malformed !== undefined) };
  if (r.malformed) extra.finishMessage = `Malformed function call: ${r.malformed}`;
  if (ctx.reply.finishReason === 'content-filter') extra.safetyRatings = SAFETY_RATINGS;
  const grounding = groundingMetadata(ctx, r.text);
  if (grounding) extra.groundingMetadata = grounding;
  return extra;
}

function blocked(ctx: WireContext, responseId: string): JsonObject {
  return { promptFeedback: { blockReason: 'PROHIBITED_CONTENT', safetyRatings: PROMPT_SAFETY_RATINGS }, usageMetadata: usageMetadata(ctx, false), modelVersion: ctx.model, responseId };
}

function streamsArguments(body: JsonValue): boolean {
  return asObject(asObject(asObject(body).toolConfig).functionCallingConfig).streamFunctionCallArguments === true;
}

/** The Gemini API wire of the emulator. */
export const geminiWire: EmulatorWire = {
  name: 'gemini',

  match(method: string, path: string): WireRoute | undefined {
    const found = method === 'POST' ? ROUTE.exec(path) : null;
    if (!found) return undefined;
    const model = decodeURIComponent(found[1]);
    if (found[2] === 'embedContent' || found[2] === 'batchEmbedContents') return { kind: 'embeddings', stream: false, model };
    if (found[2] === 'countTokens') return { kind: 'custom', stream: false, model };
    return { kind: 'chat', stream: found[2] === 'streamGenerateContent', model };
  },

  /** `:countTokens` with `contents` or a whole `generateContentRequest`: `{"totalTokens": n}` by the emulator's tokenizer. */
  handleCustom(_req, res, body) {
    const b = asObject(body);
    const request = b.generateContentRequest !== undefined ? asObject(b.generateContentRequest) : b;
    if (!Array.isArray(request.contents)) return sendJson(res, 400, { error: { code: 400, message: 'countTokens needs contents', status: 'INVALID_ARGUMENT' } });
    const total = emulatedTokenCount(request.contents, request.systemInstruction, request.tools);
    sendJson(res, 200, { totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] });
  },

  lastUserText(body: JsonValue): string | undefined {
    const users = asArray(asObject(body).contents).filter((c) => (asObject(c).role ?? 'user') === 'user' && partsText(c) !== '');
    return users.length > 0 ? partsText(users[users.length - 1]) : undefined;
  },

  renderJson(ctx: WireContext): JsonValue {
    const responseId = ctx.id('resp_');
    if (ctx.reply.finishReason === 'refusal') return blocked(ctx, responseId);
    const r = render(ctx.reply);
    const parts: JsonObject[] = [...r.leading];
    if (r.text !== '') parts.push({ text: r.text });
    for (const image of ctx.reply.images ?? []) parts.push({ inlineData: { mimeType: image.mediaType ?? 'image/png', data: image.data } });
    const calls = r.calls.map(functionCall);
    parts.push(...calls);
    const signature = ctx.reply.reasoningSignature;
    if (signature) {
      const target = calls[0] ?? parts.filter((p) => p.thought !== true).slice(-1)[0];
      if (target) target.thoughtSignature = signature;
      else parts.push({ text: '', thoughtSignature: signature });
    }
    return envelope(ctx, [candidate(parts, finalFields(ctx, r))], true, responseId);
  },

  renderStream(ctx: WireContext): WireStream {
    const responseId = ctx.id('resp_');
    const contentType = 'text/event-stream';
    if (ctx.reply.finishReason === 'refusal') return { contentType, frames: [frame(blocked(ctx, responseId))] };
    const r = render(ctx.reply);
    const signature = ctx.reply.reasoningSignature;
    const batches: JsonObject[][] = [];
    for (const part of r.leading) {
      if (part.thought) for (const piece of ctx.chunks(part.text as string)) batches.push([{ text: piece, thought: true }]);
      else batches.push([part]);
    }
    for (const piece of ctx.chunks(r.text)) batches.push([{ text: piece }]);
    for (const image of ctx.reply.images ?? []) batches.push([{ inlineData: { mimeType: image.mediaType ?? 'image/png', data: image.data } }]);
    if (r.calls.length > 0 && streamsArguments(ctx.request.body)) {
      r.calls.forEach((call, i) => batches.push(...partialCallFrames(ctx, call, i === 0 ? signature : undefined)));
    } else if (r.calls.length > 0) {
      const calls = r.calls.map(functionCall);
      if (signature) calls[0].thoughtSignature = signature;
      batches.push(calls);
    }
    const closing: JsonObject[] = r.calls.length === 0 && signature ? [{ text: '', thoughtSignature: signature }] : [];
    const last = batches.length > 0 && closing.length === 0 ? batches.pop()! : closing.length > 0 ? closing : [{ text: '' }];
    const frames = batches.map((parts) => frame(envelope(ctx, [candidate(parts, {})], false, responseId)));
    frames.push(frame(envelope(ctx, [candidate(last, finalFields(ctx, r))], true, responseId)));
    return { contentType, frames };
  },

  renderError(error: EmulatedError): JsonValue {
    const named = error.code !== undefined && CANONICAL.has(error.code);
    const status = named ? (error.code as string) : (STATUS_NAMES[error.status] ?? (error.status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'));
    const details: JsonValue[] = [];
    if (error.code !== undefined && !named) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: error.code, domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } });
    }
    if (error.status === 429) {
      details.push({
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
      });
      if (error.retryAfter !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${error.retryAfter}s` });
    }
    const message = error.message ?? (error.status === 429 ? 'Resource has been exhausted (e.g. check quota).' : `Emulated ${status} error.`);
    return { error: { code: error.status, message, status, ...(details.length > 0 ? { details } : {}) } };
  },

  malformedFrame(): string {
    return 'data: {"candidates": [{"content": {"parts": [{"text": \r\n\r\n';
  },

  embeddingInputs(body: JsonValue): string[] {
    const requests = asObject(body).requests;
    if (Array.isArray(requests)) return requests.map((r) => partsText(asObject(r).content));
    return [partsText(asObject(body).content)];
  },

  renderEmbeddings(vectors: number[][], _ctx: WireContext, body: JsonValue): JsonValue {
    const requests = asObject(body).requests;
    if (!Array.isArray(requests)) return { embedding: { values: vectors[0] ?? [] } };
    return {
      embeddings: requests.map((request, i) => {
        const r = asObject(request);
        const dims = typeof r.outputDimensionality === 'number' && r.outputDimensionality > 0 ? r.outputDimensionality : undefined;
        return { values: dims ? emulatedEmbedding(partsText(r.content), dims) : vectors[i] };
      }),
    };
  },
};
