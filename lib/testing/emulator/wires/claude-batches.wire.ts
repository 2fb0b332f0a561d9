import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatorWire, WireContext } from '../emulator-wire.types';
import type { RecordedRequest } from '../recorded-request.types';
import { claudeWire } from './claude.wire';
import { sendJson } from './emulated-token.counter';

interface EmulatedBatch {
  readonly id: string;
  readonly items: ReadonlyArray<{ customId: string; params: JsonObject }>;
  readonly createdAt: string;
  polls: number;
  canceling: boolean;
  ended?: { canceled: boolean; at: string };
}

/** Polls (`GET /v1/messages/batches/<id>`) a batch stays `in_progress` before it ends. */
export const EMULATED_BATCH_POLLS = 2;

const ROUTE = /\/v1\/messages\/batches(?:\/([^/]+)(?:\/(cancel|results))?)?$/;
const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const claudeError = (type: string, message: string): JsonObject => ({ type: 'error', error: { type, message } });

function itemProblem(params: JsonObject): string | undefined {
  if (typeof params.model !== 'string') return 'model: Field required';
  if (typeof params.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(params.messages) || params.messages.length === 0) return 'messages: at least one message is required';
  return /^!error \w+/.test(claudeWire.lastUserText(params) ?? '') ? 'scripted failure' : undefined;
}

/**
 * The Anthropic Message Batches API of the emulator (`/v1/messages/batches`: create, retrieve,
 * cancel, results as JSON Lines). A batch ends after {@link EMULATED_BATCH_POLLS} retrievals; each
 * request is answered like an unscripted `/v1/messages` call (`Emulated reply to: <text>`), or
 * `errored` with `invalid_request_error` when its params lack `model`, `max_tokens` or `messages`,
 * or with error type `<type>` when its last user text starts with `!error <type>` (scripting a failure).
 * Results are listed in reverse request order (the real API promises no order). One state per
 * emulator: `builtInWires()` makes a fresh wire.
 */
export function claudeBatchesWire(): EmulatorWire {
  const batches = new Map<string, EmulatedBatch>();
  let counter = 0;
  const view = (b: EmulatedBatch): JsonObject => {
    const n = b.items.length;
    const failed = b.ended && !b.ended.canceled ? b.items.filter((i) => itemProblem(i.params)).length : 0;
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: b.ended ? 'ended' : b.canceling ? 'canceling' : 'in_progress',
      request_counts: {
        processing: b.ended ? 0 : n,
        succeeded: b.ended && !b.ended.canceled ? n - failed : 0,
        errored: failed,
        canceled: b.ended?.canceled ? n : 0,
        expired: 0,
      },
      created_at: b.createdAt,
      ended_at: b.ended?.at ?? null,
      expires_at: new Date(Date.parse(b.createdAt) + 86_400_000).toISOString(),
      cancel_initiated_at: b.canceling ? b.createdAt : null,
      archived_at: null,
      results_url: b.ended ? `/v1/messages/batches/${b.id}/results` : null,
    };
  };
  const result = (b: EmulatedBatch, item: EmulatedBatch['items'][number]): JsonObject => {
    if (b.ended?.canceled) return { custom_id: item.customId, result: { type: 'canceled' } };
    const problem = itemProblem(item.params);
    const scripted = /^!error (\w+)/.exec(claudeWire.lastUserText(item.params) ?? '');
    if (scripted) return { custom_id: item.customId, result: { type: 'errored', error: claudeError(scripted[1], `scripted ${scripted[1]}`) } };
    if (problem) return { custom_id: item.customId, result: { type: 'errored', error: claudeError('invalid_request_error', problem) } };
    const request: RecordedRequest = { session: 'batch', wire: 'claude', method: 'POST', path: '/v1/messages', headers: {}, body: item.params, stream: false, closedByClient: false, completed: true };
    const ctx: WireContext = {
      reply: { text: `Emulated reply to: ${claudeWire.lastUserText(item.params) ?? '(no user text)'}` },
      request,
      model: String(item.params.model),
      id: (prefix) => `${prefix}${(++counter).toString(36).padStart(6, '0')}`,
      chunks: (text) => [text],
    };
    return { custom_id: item.customId, result: { type: 'succeeded', message: claudeWire.renderJson(ctx) } };
  };
  return {
    ...claudeWire,
    name: 'claude-batches',
    match: (method, path) => (ROUTE.test(path) && (method === 'GET' || method === 'POST') ? { kind: 'custom', stream: false } : undefined),
    handleCustom(req, res, body, path) {
      const [, id, action] = ROUTE.exec(path) ?? [];
      const method = req.method ?? 'GET';
      if (!id && method === 'POST') {
        const requests = Array.isArray(obj(body).requests) ? (obj(body).requests as JsonValue[]).map(obj) : [];
        const ids = requests.map((r) => r.custom_id);
        if (requests.length === 0 || ids.some((c) => typeof c !== 'string') || new Set(ids).size !== ids.length) {
          return sendJson(res, 400, claudeError('invalid_request_error', 'requests: a non-empty list with unique custom_id values is required'));
        }
        const batch: EmulatedBatch = { id: `msgbatch_${(++counter).toString(36).padStart(6, '0')}`, items: requests.map((r) => ({ customId: String(r.custom_id), params: obj(r.params) })), createdAt: new Date().toISOString(), polls: 0, canceling: false };
        batches.set(batch.id, batch);
        return sendJson(res, 200, view(batch));
      }
      const batch = id ? batches.get(decodeURIComponent(id)) : undefined;
      if (!batch) return sendJson(res, 404, claudeError('not_found_error', `no batch ${id ?? ''}`));
      if (action === 'cancel' && method === 'POST') {
        if (!batch.ended) batch.canceling = true;
        return sendJson(res, 200, view(batch));
      }
      if (action === 'results' && method === 'GET') {
        if (!batch.ended) return sendJson(res, 400, claudeError('invalid_request_error', `batch ${batch.id} has not ended yet`));
        const lines = [...batch.items].reverse().map((item) => JSON.stringify(result(batch, item)));
        res.writeHead(200, { 'content-type': 'application/binary' });
        return void res.end(`${lines.join('\n')}\n`);
      }
      if (!action && method === 'GET') {
        batch.polls++;
        if (!batch.ended && (batch.canceling || batch.polls >= EMULATED_BATCH_POLLS)) batch.ended = { canceled: batch.canceling, at: new Date().toISOString() };
        return sendJson(res, 200, view(batch));
      }
      sendJson(res, 404, claudeError('not_found_error', `${method} ${path} is not a batch endpoint`));
    },
  };
}
