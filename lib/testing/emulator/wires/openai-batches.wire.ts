import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatorWire, WireContext } from '../emulator-wire.types';
import type { RecordedRequest } from '../recorded-request.types';
import { completionsWire } from './completions.wire';
import { sendJson } from './emulated-token.counter';
import { responsesWire } from './responses.wire';

/** The endpoints a batch runs, each answered by the emulator's own wire for it. */
const ENDPOINTS: Readonly<Record<string, { wire: EmulatorWire; name: RecordedRequest['wire'] }>> = {
  '/v1/chat/completions': { wire: completionsWire, name: 'completions' },
  '/v1/responses': { wire: responsesWire, name: 'responses' },
};

interface EmulatedOpenAIBatch {
  readonly id: string;
  readonly endpoint: string;
  readonly lines: ReadonlyArray<{ customId: string; body: JsonObject }>;
  polls: number;
  status: 'in_progress' | 'completed' | 'cancelled';
  outputFileId?: string;
  errorFileId?: string;
}

const POLLS = 2;
const FILES = /\/v1\/files$/;
const CONTENT = /\/v1\/files\/([^/]+)\/content$/;
const BATCHES = /\/v1\/batches(?:\/([^/]+)(\/cancel)?)?$/;
const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const openAIError = (status: number, message: string, code: string): JsonObject => ({ error: { message, type: status === 429 ? 'requests' : 'invalid_request_error', param: null, code } });
const STATUS: Record<string, number> = { rate_limit_exceeded: 429, invalid_request: 400, server_error: 500 };

/** The `file` part of a `multipart/form-data` body. */
function filePart(body: string): string | undefined {
  const boundary = /^--([^\r\n]+)\r\n/.exec(body)?.[1];
  if (!boundary) return undefined;
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0 || !/name="file"/.test(part.slice(0, split))) continue;
    return part.slice(split + 4).replace(/\r\n$/, '');
  }
  return undefined;
}

/**
 * The OpenAI Batch API of the emulator (JSONL file flow): `POST /v1/files` (multipart, `purpose=batch`),
 * `POST /v1/batches` for `/v1/chat/completions` or `/v1/responses` (every line must target it), `GET /v1/batches/<id>` (completed after two
 * retrievals), `POST /v1/batches/<id>/cancel` (before it completes: nothing runs), and
 * `GET /v1/files/<id>/content` for the output and error files. Each request is answered like an
 * unscripted call of its endpoint — a chat completion or a Response object (`Emulated reply to: <text>`); one whose last user text starts with
 * `!error <code>` (`rate_limit_exceeded`, `invalid_request`, `server_error`) goes to the error file.
 * One state per emulator: `builtInWires()` makes a fresh wire.
 */
export function openAIBatchesWire(): EmulatorWire {
  const files = new Map<string, string>();
  const batches = new Map<string, EmulatedOpenAIBatch>();
  let counter = 0;
  const next = (prefix: string): string => `${prefix}${(++counter).toString(36).padStart(6, '0')}`;
  const finish = (b: EmulatedOpenAIBatch): void => {
    const out: string[] = [];
    const errors: string[] = [];
    const endpoint = ENDPOINTS[b.endpoint];
    for (const line of b.lines) {
      const text = endpoint.wire.lastUserText(line.body) ?? '(no user text)';
      const scripted = /^!error (\w+)/.exec(text);
      if (scripted) {
        const status = STATUS[scripted[1]] ?? 500;
        errors.push(JSON.stringify({ id: next('batch_req_'), custom_id: line.customId, response: { status_code: status, request_id: next('req_'), body: openAIError(status, `scripted ${scripted[1]}`, scripted[1]) }, error: null }));
        continue;
      }
      const model = typeof line.body.model === 'string' ? line.body.model : 'emulated-model';
      const request: RecordedRequest = { session: 'batch', wire: endpoint.name, method: 'POST', path: b.endpoint, headers: {}, body: line.body, stream: false, closedByClient: false, completed: true };
      const ctx: WireContext = { reply: { text: `Emulated reply to: ${text}` }, request, model, id: next, chunks: (t) => [t] };
      out.push(JSON.stringify({ id: next('batch_req_'), custom_id: line.customId, response: { status_code: 200, request_id: next('req_'), body: endpoint.wire.renderJson(ctx) }, error: null }));
    }
    if (out.length) files.set((b.outputFileId = next('file-')), `${out.join('\n')}\n`);
    if (errors.length) files.set((b.errorFileId = next('file-')), `${errors.join('\n')}\n`);
    b.status = 'completed';
  };
  const view = (b: EmulatedOpenAIBatch): JsonObject => {
    const failed = b.errorFileId ? (files.get(b.errorFileId) ?? '').trim().split('\n').length : 0;
    return {
      id: b.id,
      object: 'batch',
      endpoint: b.endpoint,
      completion_window: '24h',
      status: b.status,
      output_file_id: b.outputFileId ?? null,
      error_file_id: b.errorFileId ?? null,
      request_counts: { total: b.lines.length, completed: b.status === 'completed' ? b.lines.length - failed : 0, failed },
    };
  };
  return {
    ...completionsWire,
    name: 'openai-batches',
    match: (method, path) => (FILES.test(path) || CONTENT.test(path) || BATCHES.test(path) ? { kind: 'custom', stream: false } : undefined),
    handleCustom(req, res, body, path) {
      const method = req.method ?? 'GET';
      if (FILES.test(path) && method === 'POST') {
        const content = typeof body === 'string' ? filePart(body) : undefined;
        if (content === undefined) return sendJson(res, 400, openAIError(400, 'expected a multipart upload with a file part', 'invalid_file'));
        const id = next('file-');
        files.set(id, content);
        return sendJson(res, 200, { id, object: 'file', bytes: Buffer.byteLength(content), filename: 'batch.jsonl', purpose: 'batch' });
      }
      const content = CONTENT.exec(path);
      if (content && method === 'GET') {
        const text = files.get(decodeURIComponent(content[1]));
        if (text === undefined) return sendJson(res, 404, openAIError(404, `no file ${content[1]}`, 'not_found'));
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(text);
      }
      const [, id, cancel] = BATCHES.exec(path) ?? [];
      if (!id && method === 'POST') {
        const b = obj(body);
        const input = typeof b.input_file_id === 'string' ? files.get(b.input_file_id) : undefined;
        const endpoint = typeof b.endpoint === 'string' && ENDPOINTS[b.endpoint] ? b.endpoint : undefined;
        if (input === undefined || !endpoint) return sendJson(res, 400, openAIError(400, `input_file_id must name an uploaded file and endpoint be one of ${Object.keys(ENDPOINTS).join(', ')}`, 'invalid_request'));
        const lines = input.split('\n').filter((l) => l.trim() !== '').map((l) => obj(JSON.parse(l) as JsonValue));
        const stray = lines.find((l) => l.url !== endpoint);
        if (stray) return sendJson(res, 400, openAIError(400, `line ${String(stray.custom_id)} targets ${String(stray.url)}, but the batch endpoint is ${endpoint}`, 'invalid_request'));
        const batch: EmulatedOpenAIBatch = { id: next('batch_'), endpoint, lines: lines.map((l) => ({ customId: String(l.custom_id), body: obj(l.body) })), polls: 0, status: 'in_progress' };
        batches.set(batch.id, batch);
        return sendJson(res, 200, view(batch));
      }
      const batch = id ? batches.get(decodeURIComponent(id)) : undefined;
      if (!batch) return sendJson(res, 404, openAIError(404, `no batch ${id ?? ''}`, 'not_found'));
      if (cancel && method === 'POST') {
        if (batch.status === 'in_progress') batch.status = 'cancelled';
        return sendJson(res, 200, view(batch));
      }
      if (!cancel && method === 'GET') {
        batch.polls++;
        if (batch.status === 'in_progress' && batch.polls >= POLLS) finish(batch);
        return sendJson(res, 200, view(batch));
      }
      sendJson(res, 404, openAIError(404, `${method} ${path} is not a batch endpoint`, 'not_found'));
    },
  };
}
