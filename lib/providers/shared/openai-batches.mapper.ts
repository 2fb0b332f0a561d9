import type { BatchJob } from '../../core/batch.types';
import type { JsonValue } from '../../core/json.types';
import type { ChatError } from '../../errors/chat.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { ErrorBodyReader } from './error-body.handler';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** The endpoints an OpenAI batch file can target (every line of one file targets the same one). */
export type OpenAIBatchEndpoint = '/v1/chat/completions' | '/v1/responses';

/** One line of an output or error file. */
export interface OpenAIBatchLine {
  readonly customId: string;
  readonly status: number;
  readonly body: JsonValue | undefined;
  readonly error?: Obj;
}

/** The batch input file: one JSON line per request (`custom_id`, `method`, `url`, `body`). */
export function toBatchJsonl(endpoint: OpenAIBatchEndpoint, lines: ReadonlyArray<{ customId: string; body: unknown }>): string {
  return lines.map((l) => JSON.stringify({ custom_id: l.customId, method: 'POST', url: endpoint, body: l.body })).join('\n') + '\n';
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
export function parseBatchLines(jsonl: string, provider: string): OpenAIBatchLine[] {
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

/** True for a line that holds an answer (2xx, no `error`). */
export function isSucceededLine(line: OpenAIBatchLine): boolean {
  return line.status >= 200 && line.status < 300 && !line.error;
}

/** The typed error of a failed line (`error`, or an HTTP error body in `response.body`, read by the API's error reader). */
export function lineError(line: OpenAIBatchLine, provider: string, readError: ErrorBodyReader): ChatError {
  const fields = readError(line.body) ?? (line.error ? { code: String(line.error.code ?? ''), message: String(line.error.message ?? '') } : {});
  return errorFromHttp({ provider, status: line.status || 500, code: fields.code, message: fields.message });
}
