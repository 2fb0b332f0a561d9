import type { BatchItem, BatchItemOutcome, BatchJob } from '../../core/batch.types';
import type { JsonObject } from '../../core/json.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { GEMINI_PROVIDER_ID } from './gemini.constants';
import { geminiError, readGeminiErrorFields } from './gemini-error.reader';
import { fromGeminiResponse } from './gemini-response.mapper';
import type { GeminiGenerateResponse } from './gemini-wire.types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0);
const ENDED = new Set(['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_FAILED', 'BATCH_STATE_CANCELLED', 'BATCH_STATE_EXPIRED']);

/** The `batchGenerateContent` body: inlined requests, each keyed by its `customId`. */
export function toGeminiBatchBody(items: readonly BatchItem[], model: string, body: (item: BatchItem) => JsonObject): JsonObject {
  return {
    batch: {
      displayName: 'chat-ts batch',
      inputConfig: { requests: { requests: items.map((item) => ({ request: { model, ...body(item) }, metadata: { key: item.customId } })) } },
    },
  };
}

/** The batch object (`metadata` of the operation, or the batch itself). */
function batchOf(body: unknown): Obj {
  if (!isObj(body)) throw new InvalidResponseError('gemini returned a batch that is not an object', { provider: GEMINI_PROVIDER_ID });
  return isObj(body.metadata) ? { ...body.metadata, name: body.name ?? body.metadata.name } : body;
}

/** A Gemini batch (operation) as a {@link BatchJob}; its `id` is the resource name `batches/<id>`. */
export function fromGeminiBatch(body: unknown): BatchJob {
  const batch = batchOf(body);
  if (typeof batch.name !== 'string') throw new InvalidResponseError('gemini returned a batch without a name', { provider: GEMINI_PROVIDER_ID });
  const state = String(batch.state ?? 'BATCH_STATE_PENDING');
  const stats = isObj(batch.batchStats) ? batch.batchStats : {};
  const pending = int(stats.pendingRequestCount);
  const ended = ENDED.has(state);
  return {
    id: batch.name,
    status: ended ? 'ended' : 'in_progress',
    counts: {
      processing: ended ? 0 : pending,
      succeeded: int(stats.successfulRequestCount),
      errored: int(stats.failedRequestCount),
      canceled: state === 'BATCH_STATE_CANCELLED' ? pending : 0,
      expired: state === 'BATCH_STATE_EXPIRED' ? pending : 0,
    },
  };
}

/** The inlined responses of an ended batch, by `metadata.key` (requests the batch never ran are not listed). */
export function fromGeminiBatchResults(body: unknown, model: string): BatchItemOutcome[] {
  const batch = batchOf(body);
  const output = isObj(batch.output) ? batch.output : {};
  const inlined: unknown[] = isObj(output.inlinedResponses) && Array.isArray(output.inlinedResponses.inlinedResponses) ? output.inlinedResponses.inlinedResponses : [];
  return inlined.flatMap((entry): BatchItemOutcome[] => {
    if (!isObj(entry) || !isObj(entry.metadata) || typeof entry.metadata.key !== 'string') return [];
    const customId = entry.metadata.key;
    if (isObj(entry.error)) {
      const fields = readGeminiErrorFields({ error: entry.error });
      return [{ customId, kind: 'errored', error: geminiError(int(entry.error.code) || 500, fields, JSON.stringify(entry.error)) }];
    }
    return [{ customId, kind: 'succeeded', response: fromGeminiResponse(entry.response as GeminiGenerateResponse, model) }];
  });
}
