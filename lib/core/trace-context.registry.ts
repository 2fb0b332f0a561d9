/** The W3C Trace Context of a span, as the `traceparent` / `tracestate` headers carry it. */
export interface TraceHeaders {
  /** `00-<trace id>-<span id>-<flags>` */
  readonly traceparent: string;
  readonly tracestate?: string;
}

/** Reads the active span's trace context (`undefined` when no span is active). */
export type TraceContextSource = () => TraceHeaders | undefined;

const SOURCE_KEY = Symbol.for('chat-ts.trace-context-source');

type Holder = { [SOURCE_KEY]?: TraceContextSource };

/**
 * Sets where {@link activeTraceHeaders} reads the active trace context. `chat-ts/otel` sets it when
 * `openTelemetry()` is called, so code outside it (the Python tool host) can carry the trace
 * without loading `@opentelemetry/api` itself. Kept on `globalThis`: two copies of chat-ts share it.
 */
export function setTraceContextSource(source: TraceContextSource): void {
  (globalThis as Holder)[SOURCE_KEY] = source;
}

/** The active span's W3C trace context, or `undefined` (no tracing in use, or no span active). */
export function activeTraceHeaders(): TraceHeaders | undefined {
  return (globalThis as Holder)[SOURCE_KEY]?.();
}
