import type { BatchJob } from '../../core/batch.types';
import type { JsonValue } from '../../core/json.types';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { readCompletionsError } from './completions-error.reader';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** The endpoint every line of a chat-ts batch file targets. */
export const BATCH_ENDPOINT = '/v1/chat/completions';

/** The batch input file: one JSON line per request (`custom_id`, `method`, `url`, `body`). */
export function toBatchJsonl(lines: ReadonlyArray<{ customId: string; body: unknown }>): string {
  return lines.map((l) => JSON.stringify({ custom_id: l.customId, method: 'POST', url: BATCH_ENDPOINT, body: l.body })).join('\n') + '\n';
}

/** A `multipart/form-data` upload of the batch file (`purpose=batch`), with its boundary. */
export function batchFileUpload(jsonl: string): { contentType: string; body: string } {
  const boundary = `chat-ts-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="batch.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n${jsonl}\r\n` +
    `--${boundary}--\r\n`;
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

/** The id of an uploaded file. */
export function uploadedFileId(body: unknown, provider: string): string {
  if (!isObj(body) || typeof body.id !== 'string') throw new InvalidResponseError(`${provider} returned an uploaded file without an id`, { provider });
  return body.id;
}

/** An OpenAI `batch` object as a {@link BatchJob} (plus its output and error files). */
export function fromOpenAIBatch(body: unknown, provider: string): BatchJob & { outputFileId?: string; errorFileId?: string } {
  if (!isObj(body) || typeof body.id !== 'string') throw new InvalidResponseError(`${provider} returned a batch without an id`, { provider });
  const status = String(body.status);
  const c = isObj(body.request_counts) ? body.request_counts : {};
  const done = num(c.completed) + num(c.failed);
  const ended = ['completed', 'failed', 'expired', 'cancelled'].includes(status);
  const left = Math.max(0, num(c.total) - done);
  return {
    id: body.id,
    status: ended ? 'ended' : status === 'cancelling' ? 'canceling' : 'in_progress',
    counts: {
      processing: ended ? 0 : left,
      succeeded: num(c.completed),
      errored: num(c.failed),
      canceled: status === 'cancelled' ? left : 0,
      expired: status === 'expired' ? left : 0,
    },
    ...(typeof body.output_file_id === 'string' ? { outputFileId: body.output_file_id } : {}),
    ...(typeof body.error_file_id === 'string' ? { errorFileId: body.error_file_id } : {}),
  };
}

/** Parses the lines of an output or error file. */
export function parseBatchLines(jsonl: string, provider: string): Array<{ customId: string; status: number; body: JsonValue | undefined; error?: Obj }> {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        throw new InvalidResponseError(`${provider} returned a batch output line that is not JSON`, { provider });
      }
      if (!isObj(entry) || typeof entry.custom_id !== 'string') throw new InvalidResponseError(`${provider} returned a batch output line without custom_id`, { provider });
      const response = isObj(entry.response) ? entry.response : {};
      return { customId: entry.custom_id, status: num(response.status_code), body: response.body as JsonValue | undefined, ...(isObj(entry.error) ? { error: entry.error } : {}) };
    });
}

/** The error of a failed line (`error`, or an HTTP error body in `response.body`). */
export function lineError(line: { status: number; body: JsonValue | undefined; error?: Obj }, provider: string): ReturnType<typeof errorFromHttp> {
  const fields = readCompletionsError(line.body) ?? (line.error ? { code: String(line.error.code ?? ''), message: String(line.error.message ?? '') } : {});
  return errorFromHttp({ provider, status: line.status || 500, code: fields.code, message: fields.message });
}
