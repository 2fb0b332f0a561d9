import type { BatchCounts, BatchItemOutcome, BatchJob } from '../../core/batch.types';
import type { JsonValue } from '../../core/json.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { CLAUDE_PROVIDER_ID, claudeErrorFromBody } from './claude-error.reader';
import { fromClaudeResponse } from './claude-response.mapper';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** A Message Batches `message_batch` object as a {@link BatchJob}. */
export function fromClaudeBatch(body: unknown): BatchJob {
  if (!isObj(body) || typeof body.id !== 'string') throw new InvalidResponseError('claude returned a message batch without an id', { provider: CLAUDE_PROVIDER_ID });
  const c = isObj(body.request_counts) ? body.request_counts : {};
  const counts: BatchCounts = { processing: num(c.processing), succeeded: num(c.succeeded), errored: num(c.errored), canceled: num(c.canceled), expired: num(c.expired) };
  const status = body.processing_status === 'ended' ? 'ended' : body.processing_status === 'canceling' ? 'canceling' : 'in_progress';
  return { id: body.id, status, counts };
}

/** The JSON Lines of a batch's `results`: one outcome per `custom_id`. */
export function fromClaudeBatchResults(jsonl: string, model: string): BatchItemOutcome[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): BatchItemOutcome => {
      let entry: unknown;
      try {
        entry = JSON.parse(line) as JsonValue;
      } catch {
        throw new InvalidResponseError('claude returned a batch result line that is not JSON', { provider: CLAUDE_PROVIDER_ID });
      }
      if (!isObj(entry) || typeof entry.custom_id !== 'string' || !isObj(entry.result)) {
        throw new InvalidResponseError('claude returned a batch result without custom_id and result', { provider: CLAUDE_PROVIDER_ID });
      }
      const customId = entry.custom_id;
      const result = entry.result;
      if (result.type === 'succeeded') return { customId, kind: 'succeeded', response: fromClaudeResponse(result.message, { model }) };
      if (result.type === 'errored') return { customId, kind: 'errored', error: claudeErrorFromBody(result.error) };
      return { customId, kind: result.type === 'expired' ? 'expired' : 'canceled' };
    });
}
