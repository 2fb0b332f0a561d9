import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatorWire, WireContext } from '../emulator-wire.types';
import type { RecordedRequest } from '../recorded-request.types';
import { sendJson } from './emulated-token.counter';
import { geminiWire } from './gemini.wire';

interface EmulatedGeminiBatch {
  readonly name: string;
  readonly model: string;
  readonly requests: ReadonlyArray<{ request: JsonObject; key: string }>;
  readonly createTime: string;
  polls: number;
  state: 'BATCH_STATE_RUNNING' | 'BATCH_STATE_SUCCEEDED' | 'BATCH_STATE_CANCELLED';
}

/** Retrievals a Gemini batch stays running before it ends (as for Claude batches). */
const POLLS = 2;
const CREATE = /\/models\/([^/:]+):batchGenerateContent$/;
const BATCH = /\/(batches\/[^/:]+)(:cancel)?$/;
const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const STATUS_CODE: Record<string, number> = { INVALID_ARGUMENT: 400, PERMISSION_DENIED: 403, NOT_FOUND: 404, RESOURCE_EXHAUSTED: 429, INTERNAL: 500, UNAVAILABLE: 503 };

/**
 * Gemini batch mode of the emulator, inlined requests only: `POST models/<m>:batchGenerateContent`
 * returns the batch operation; `GET batches/<id>` reports it (ended after two retrievals, with the
 * inlined responses); `POST batches/<id>:cancel` cancels it before it ends (no request runs). Each
 * request is answered like an unscripted `generateContent` (`Emulated reply to: <text>`); one whose
 * last user text starts with `!error <STATUS>` fails with that status (e.g. `RESOURCE_EXHAUSTED`).
 * One state per emulator: `builtInWires()` makes a fresh wire.
 */
export function geminiBatchesWire(): EmulatorWire {
  const batches = new Map<string, EmulatedGeminiBatch>();
  let counter = 0;
  const answer = (b: EmulatedGeminiBatch, r: EmulatedGeminiBatch['requests'][number]): JsonObject => {
    const text = geminiWire.lastUserText(r.request) ?? '(no user text)';
    const scripted = /^!error ([A-Z_]+)/.exec(text);
    if (scripted) return { error: { code: STATUS_CODE[scripted[1]] ?? 500, message: `scripted ${scripted[1]}`, status: scripted[1] }, metadata: { key: r.key } };
    const request: RecordedRequest = { session: 'batch', wire: 'gemini', method: 'POST', path: `/v1beta/models/${b.model}:generateContent`, headers: {}, body: r.request, stream: false, closedByClient: false, completed: true };
    const ctx: WireContext = { reply: { text: `Emulated reply to: ${text}` }, request, model: b.model, id: (p) => `${p}${(++counter).toString(36)}`, chunks: (t) => [t] };
    return { response: geminiWire.renderJson(ctx), metadata: { key: r.key } };
  };
  const view = (b: EmulatedGeminiBatch): JsonObject => {
    const ended = b.state !== 'BATCH_STATE_RUNNING';
    const outputs = b.state === 'BATCH_STATE_SUCCEEDED' ? b.requests.map((r) => answer(b, r)) : [];
    const failed = outputs.filter((o) => o.error !== undefined).length;
    return {
      name: b.name,
      metadata: {
        '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
        name: b.name,
        displayName: 'emulated batch',
        model: `models/${b.model}`,
        state: b.state,
        createTime: b.createTime,
        batchStats: {
          requestCount: String(b.requests.length),
          successfulRequestCount: String(outputs.length - failed),
          failedRequestCount: String(failed),
          pendingRequestCount: String(b.state === 'BATCH_STATE_SUCCEEDED' ? 0 : b.requests.length),
        },
        ...(b.state === 'BATCH_STATE_SUCCEEDED' ? { output: { inlinedResponses: { inlinedResponses: outputs } } } : {}),
      },
      done: ended,
    };
  };
  return {
    ...geminiWire,
    name: 'gemini-batches',
    match: (method, path) => ((method === 'POST' && CREATE.test(path)) || BATCH.test(path) ? { kind: 'custom', stream: false } : undefined),
    handleCustom(req, res, body, path) {
      const created = CREATE.exec(path);
      if (created && req.method === 'POST') {
        const list = obj(obj(obj(obj(body).batch).inputConfig).requests).requests;
        const requests = Array.isArray(list) ? list.map(obj) : [];
        if (requests.length === 0) return sendJson(res, 400, { error: { code: 400, message: 'batch.inputConfig.requests.requests is required', status: 'INVALID_ARGUMENT' } });
        const batch: EmulatedGeminiBatch = {
          name: `batches/${(++counter).toString(36).padStart(6, '0')}`,
          model: decodeURIComponent(created[1]),
          requests: requests.map((r, i) => ({ request: obj(r.request), key: String(obj(r.metadata).key ?? i) })),
          createTime: new Date().toISOString(),
          polls: 0,
          state: 'BATCH_STATE_RUNNING',
        };
        batches.set(batch.name, batch);
        return sendJson(res, 200, view(batch));
      }
      const [, name, cancel] = BATCH.exec(path) ?? [];
      const batch = name ? batches.get(name) : undefined;
      if (!batch) return sendJson(res, 404, { error: { code: 404, message: `no batch ${name ?? ''}`, status: 'NOT_FOUND' } });
      if (cancel && req.method === 'POST') {
        if (batch.state === 'BATCH_STATE_RUNNING') batch.state = 'BATCH_STATE_CANCELLED';
        return sendJson(res, 200, {});
      }
      if (!cancel && req.method === 'GET') {
        batch.polls++;
        if (batch.state === 'BATCH_STATE_RUNNING' && batch.polls >= POLLS) batch.state = 'BATCH_STATE_SUCCEEDED';
        return sendJson(res, 200, view(batch));
      }
      sendJson(res, 404, { error: { code: 404, message: `${req.method} ${path} is not a batch endpoint`, status: 'NOT_FOUND' } });
    },
  };
}
