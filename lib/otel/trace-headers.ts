import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { TraceHeaders } from '../core/trace-context.registry';

/**
 * The active span's context in the W3C Trace Context format, built from the span itself (not
 * through the global propagator, which an app may not have registered).
 */
export function w3cTraceHeaders(): TraceHeaders | undefined {
  const span = trace.getSpanContext(context.active());
  if (!span || !isSpanContextValid(span)) return undefined;
  const traceparent = `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
  const tracestate = span.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
