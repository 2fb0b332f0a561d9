import { join } from 'node:path';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ChatQueue } from '../../lib/bullmq';
import { ConversationService } from '../../lib/conversations';
import { Messages } from '../../lib/core/messages';
import { RedisConversationStore } from '../../lib/redis';
import { OtelHarness } from '../support/otel-harness';
import { useRedisWithEmulator } from '../support/redis-server';
import { startTsService, type TsService } from '../support/ts-child';
import type { ReportedSpan } from './children/traced-worker.child';
import type { WorkerChildInput } from './children/worker.child';

const WORKER = join(__dirname, 'children', 'traced-worker.child.ts');
const PREFIX = 'tr:';
const QUEUE = 'runs-traced';

describe('ChatQueue + ChatWorker: the trace context travels with the job, to a worker in another process', () => {
  jest.setTimeout(120_000);
  const env = useRedisWithEmulator();
  let otel: OtelHarness;
  let worker: TsService | undefined;
  beforeAll(() => {
    otel = new OtelHarness();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  env.teardown(async () => {
    worker?.child.kill('SIGKILL');
    await worker?.exited();
    propagation.disable();
    await otel.close();
  });

  const spansOf = async (traceId: string): Promise<ReportedSpan[]> => {
    const redis = env.client();
    for (let i = 0; i < 200; i++) {
      const spans = (await redis.lrange(`${PREFIX}spans`, 0, -1)).map((s) => JSON.parse(s) as ReportedSpan).filter((s) => s.traceId === traceId);
      if (spans.some((s) => s.name === `process ${QUEUE}`)) return spans;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no process span in trace ${traceId}`);
  };

  it('the worker\'s run span is a child of the span that enqueued it (W3C traceparent in the job), and the chat\'s span a child of the run span', async () => {
    const redis = env.client({ maxRetriesPerRequest: null });
    worker = await startTsService(WORKER, { redisUrl: env.server.url, prefix: PREFIX, queue: QUEUE, emulatorUrl: env.emulator.url('/v1', 'tr') } satisfies WorkerChildInput);
    env.emulator.script([{ text: 'Traced.' }, { text: 'Untraced.' }], 'tr');
    const conversations = new ConversationService({ store: new RedisConversationStore({ redis, prefix: PREFIX }) });
    await conversations.save('c-traced', Messages.fromUser('Hello'));
    await conversations.save('c-untraced', Messages.fromUser('Hello'));
    const queue = new ChatQueue({ name: QUEUE, connection: redis });

    const web = otel.tracerProvider.getTracer('web');
    const request = web.startSpan('POST /chats', { kind: SpanKind.SERVER });
    const runId = await context.with(trace.setSpan(context.active(), request), () => queue.enqueue({ conversationId: 'c-traced', chat: 'agent' }));
    request.end();
    const { traceId, spanId } = request.spanContext();
    expect((await queue.queue.getJob(runId))?.data.trace).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });

    const spans = await spansOf(traceId);
    const run = spans.find((s) => s.name === `process ${QUEUE}`);
    expect(run).toMatchObject({ kind: SpanKind.CONSUMER, traceId, parentSpanId: spanId });
    expect(run?.attributes).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.destination.name': QUEUE, 'messaging.message.id': runId, 'chat_ts.chat.name': 'agent' });
    // the chat's run span is the run span's child, its model attempt the chat's: every span of the worker descends from the run span
    const chatSpans = spans.filter((s) => s.name === 'chat m');
    expect(chatSpans.map((s) => s.parentSpanId).sort()).toEqual([run?.spanId, chatSpans.find((s) => s.parentSpanId === run?.spanId)?.spanId].sort());
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const descends = (s: ReportedSpan | undefined): boolean => s !== undefined && (s.parentSpanId === run?.spanId || descends(byId.get(s.parentSpanId ?? '')));
    expect(spans.filter((s) => s !== run).every(descends)).toBe(true);

    // enqueued with no active span: no trace context in the job, the run span starts its own trace
    const untraced = await queue.enqueue({ conversationId: 'c-untraced', chat: 'agent' });
    expect((await queue.queue.getJob(untraced))?.data.trace).toBeUndefined();
    for (let i = 0; i < 200 && !(await (await queue.queue.getJob(untraced))?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 50));
    const all = (await redis.lrange(`${PREFIX}spans`, 0, -1)).map((s) => JSON.parse(s) as ReportedSpan);
    const own = all.find((s) => s.name === `process ${QUEUE}` && s.attributes['messaging.message.id'] === untraced);
    expect(own).toBeDefined();
    expect(own?.parentSpanId).toBeUndefined();
    expect(own?.traceId).not.toBe(traceId);
    await queue.close();
  });
});

describe('chat-ts/bullmq without @opentelemetry/api installed', () => {
  it('loads, enqueues no trace context and runs jobs without a span: the API is required only on first use, and its absence is fine', () => {
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/api', () => {
        throw Object.assign(new Error("Cannot find module '@opentelemetry/api'"), { code: 'MODULE_NOT_FOUND' });
      });
      const loaded = require('../../lib/bullmq/trace-context') as typeof import('../../lib/bullmq/trace-context');
      expect(loaded.activeTraceContext()).toBeUndefined();
      let ran = false;
      void loaded.inJobSpan({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, { queue: 'q', jobId: '1', chat: 'c', attempt: 1 }, async () => {
        ran = true;
      });
      expect(ran).toBe(true);
      jest.dontMock('@opentelemetry/api');
    });
  });
});
