import { context, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type Histogram } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** A metric reader the test collects from by hand. */
class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One histogram data point: its attributes and what it holds. */
export interface HistogramPoint {
  readonly attributes: Attributes;
  readonly count: number;
  readonly sum: number;
}

/**
 * The OpenTelemetry SDK in memory: a tracer provider with the in-memory span exporter, a meter
 * provider with a collecting reader, and the AsyncLocalStorage context manager (what the Node SDK registers).
 */
export class OtelHarness {
  readonly exporter = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.exporter)] });
  private readonly reader = new CollectingReader();
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  private readonly contextManager = new AsyncLocalStorageContextManager();

  constructor() {
    this.contextManager.enable();
    context.setGlobalContextManager(this.contextManager);
  }

  spans(): ReadableSpan[] {
    return this.exporter.getFinishedSpans();
  }

  named(name: string): ReadableSpan[] {
    return this.spans().filter((s) => s.name === name);
  }

  /** The histogram points of metric `name`. */
  async histogram(name: string): Promise<HistogramPoint[]> {
    const { resourceMetrics } = await this.reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    if (!metric) return [];
    expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
    return metric.dataPoints.map((p) => ({ attributes: p.attributes, count: (p.value as Histogram).count, sum: (p.value as Histogram).sum ?? 0 }));
  }

  async close(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    context.disable();
    this.contextManager.disable();
  }
}

/** The id of a span's parent (`undefined` for a root). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
