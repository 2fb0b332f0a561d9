import type * as OtelApi from '@opentelemetry/api';

let loaded: typeof OtelApi | null | undefined;

/** `@opentelemetry/api` when it is installed (an optional peer), loaded on first use; never required. */
function otel(): typeof OtelApi | undefined {
  if (loaded === undefined) {
    try {
      loaded = require('@opentelemetry/api') as typeof OtelApi;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/**
 * The active trace context as carrier fields (W3C `traceparent`, `tracestate` with the Node SDK's
 * default propagator), written by the globally registered propagator; none without OpenTelemetry
 * or without an active span.
 */
export function activeTraceContext(): Record<string, string> | undefined {
  const api = otel();
  if (!api) return undefined;
  const carrier: Record<string, string> = {};
  api.propagation.inject(api.context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** What the worker's span of one job says. */
export interface JobSpanInfo {
  readonly queue: string;
  readonly jobId: string;
  readonly chat: string;
  readonly attempt: number;
}

/**
 * Runs `work` in a `process <queue>` span (kind CONSUMER) whose parent is the enqueuing context
 * carried by the job, and active while the run executes, so the chat's spans are its children.
 * Without OpenTelemetry, just runs `work`.
 */
export function inJobSpan<R>(carrier: Readonly<Record<string, string>> | undefined, info: JobSpanInfo, work: () => Promise<R>): Promise<R> {
  const api = otel();
  if (!api) return work();
  const parent = carrier ? api.propagation.extract(api.ROOT_CONTEXT, carrier) : api.context.active();
  const attributes = {
    'messaging.system': 'bullmq',
    'messaging.operation.type': 'process',
    'messaging.destination.name': info.queue,
    'messaging.message.id': info.jobId,
    'chat_ts.chat.name': info.chat,
    'chat_ts.run.attempt': info.attempt,
  };
  const tracer = api.trace.getTracer('chat-ts/bullmq');
  return tracer.startActiveSpan(`process ${info.queue}`, { kind: api.SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      const result = await work();
      span.end();
      return result;
    } catch (error) {
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
      throw error;
    }
  });
}
