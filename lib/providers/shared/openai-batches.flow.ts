import type { BatchItemOutcome, ProviderBatches } from '../../core/batch.types';
import type { JsonValue } from '../../core/json.types';
import type { ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { Transport, TransportRequest } from '../../transport/transport.types';
import { errorFromResponse, type ErrorBodyReader } from './error-body.handler';
import type { CallOptions, HeaderOptions } from './http-provider.kernel';
import { batchFileUpload, fromOpenAIBatch, isSucceededLine, lineError, parseBatchLines, toBatchJsonl, uploadedFileId, type OpenAIBatchEndpoint } from './openai-batches.mapper';

/** What the OpenAI batch flow needs of a provider: its wire's request and response mapping, and HTTP. */
export interface OpenAIBatchHost {
  readonly provider: string;
  /** The endpoint every line targets (`/v1/chat/completions` or `/v1/responses`). */
  readonly endpoint: OpenAIBatchEndpoint;
  /** The body of one request line, as the endpoint takes it unstreamed. */
  body(request: ProviderRequest): JsonValue;
  /** A succeeded line's response body as a {@link ProviderResponse}. */
  response(body: JsonValue | undefined): ProviderResponse;
  readonly readError: ErrorBodyReader;
  /** Sends `{baseUrl}/{path}` and parses the JSON answer (error statuses become typed errors). */
  json(path: string, call: CallOptions, send: { method: 'GET' | 'POST'; body?: JsonValue; contentType?: string }): Promise<unknown>;
  /** `GET {baseUrl}/{path}` as text (error statuses become typed errors). */
  text(path: string, call: CallOptions): Promise<string>;
}

/**
 * The OpenAI Batch API (JSONL file flow) for one endpoint: the requests are uploaded as a
 * `purpose=batch` file (`POST /files`, multipart), run by `POST /batches` against the endpoint
 * (24 h window), polled (`GET /batches/<id>`), cancelled (`/cancel`), and read back from the output
 * and error files (`GET /files/<id>/content`).
 */
export function openAIBatches(host: OpenAIBatchHost): ProviderBatches {
  const batch = (id: string): string => `batches/${encodeURIComponent(id)}`;
  const job = async (id: string, call: CallOptions) => fromOpenAIBatch(await host.json(batch(id), call, { method: 'GET' }), host.provider);
  return {
    async submit(items, call = {}) {
      const upload = batchFileUpload(toBatchJsonl(host.endpoint, items.map((item) => ({ customId: item.customId, body: host.body(item.request) }))));
      const file = await host.json('files', call, { method: 'POST', body: upload.body, contentType: upload.contentType });
      const body = { input_file_id: uploadedFileId(file, host.provider), endpoint: host.endpoint, completion_window: '24h' };
      return fromOpenAIBatch(await host.json('batches', call, { method: 'POST', body }), host.provider);
    },
    get: (id, call = {}) => job(id, call),
    cancel: async (id, call = {}) => fromOpenAIBatch(await host.json(`${batch(id)}/cancel`, call, { method: 'POST', body: {} }), host.provider),
    async results(id, call = {}) {
      const ended = await job(id, call);
      const outcomes: BatchItemOutcome[] = [];
      for (const fileId of [ended.outputFileId, ended.errorFileId]) {
        if (!fileId) continue;
        for (const line of parseBatchLines(await host.text(`files/${encodeURIComponent(fileId)}/content`, call), host.provider)) {
          outcomes.push(
            isSucceededLine(line)
              ? { customId: line.customId, kind: 'succeeded', response: host.response(line.body) }
              : { customId: line.customId, kind: 'errored', error: lineError(line, host.provider, host.readError) },
          );
        }
      }
      return outcomes;
    },
  };
}

/** A kernel provider's own request helpers, for {@link batchHttp}. */
export interface BatchHttpKernel {
  readonly provider: string;
  readonly baseUrl: string;
  readonly readError: ErrorBodyReader;
  request(url: string, body: JsonValue | undefined, call: CallOptions, options: HeaderOptions & { readonly method?: 'GET' | 'POST' }): TransportRequest;
  sendJson(request: TransportRequest): Promise<unknown>;
  transport(): Transport;
}

/** The HTTP half of an {@link OpenAIBatchHost}, from a kernel provider's request helpers (its key, headers and transport). */
export function batchHttp(k: BatchHttpKernel): Pick<OpenAIBatchHost, 'json' | 'text'> {
  const url = (path: string): string => `${k.baseUrl.replace(/\/+$/, '')}/${path}`;
  return {
    json: (path, call, send) =>
      k.sendJson(k.request(url(path), send.body, call, { method: send.method, defaults: { accept: 'application/json', ...(send.contentType ? { 'content-type': send.contentType } : {}) } })),
    async text(path, call) {
      const res = await k.transport().request(k.request(url(path), undefined, call, { method: 'GET', defaults: { accept: 'application/json' } }));
      if (res.status >= 400) throw errorFromResponse(k.provider, res, k.readError);
      return res.body;
    },
  };
}
