/**
 * A worker tier process with OpenTelemetry, as an app would set it up (AsyncLocalStorage context
 * manager, W3C trace context propagator, a global tracer provider): its chats carry the
 * `openTelemetry()` observer, and every finished span is pushed to the Redis list `<prefix>spans`
 * so the parent can check the trace across processes. Prints `ready`.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import Redis from 'ioredis';
import { ChatWorker } from '../../../lib/bullmq';
import { ChatBuilder } from '../../../lib/chat';
import { openTelemetry } from '../../../lib/otel';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { RedisConversationStore, RedisRunStreams } from '../../../lib/redis';
import type { WorkerChildInput } from './worker.child';

/** A finished span as the child reports it. */
export interface ReportedSpan {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: Record<string, unknown>;
}

const input = JSON.parse(process.argv[2] ?? '{}') as WorkerChildInput;
const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: null });

class RedisSpanExporter implements SpanExporter {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const reported = spans.map((s): ReportedSpan => ({ name: s.name, kind: s.kind, traceId: s.spanContext().traceId, spanId: s.spanContext().spanId, parentSpanId: s.parentSpanContext?.spanId, attributes: { ...s.attributes } }));
    void redis.rpush(`${input.prefix}spans`, ...reported.map((r) => JSON.stringify(r))).then(() => done({ code: ExportResultCode.SUCCESS }));
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new RedisSpanExporter())] });
trace.setGlobalTracerProvider(tracerProvider);

const provider = new ChatCompletionsBuilder().withBaseUrl(input.emulatorUrl).withModel('m').build();
const worker = new ChatWorker({
  name: input.queue,
  connection: redis,
  redis,
  prefix: input.prefix,
  conversations: new RedisConversationStore({ redis, prefix: input.prefix }),
  streams: new RedisRunStreams({ redis, prefix: input.prefix, blockMs: 200 }),
  chats: { agent: (checkpoints) => new ChatBuilder().withModel(checkpoints.provider(provider)).withObserver(openTelemetry({ tracerProvider })).build() },
});
void worker.worker.waitUntilReady().then(() => process.stdout.write(`ready ${process.pid}\n`));
