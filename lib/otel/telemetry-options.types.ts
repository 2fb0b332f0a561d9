import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Usage } from '../core/usage.types';

/** What of the prompt and completion the spans record (nothing unless you opt in). */
export interface ContentRecording {
  /** Max characters of each recorded value (messages, tool arguments, tool results); longer ones are cut. Default 4096. */
  readonly maxChars?: number;
}

/** A cost for some usage: what `openTelemetry({ cost })` puts on the run span. */
export interface SpanCost {
  readonly total: number;
  readonly currency: string;
}

/** Options of {@link openTelemetry}. */
export interface TelemetryOptions {
  /** Where spans go; default: the global tracer provider (`trace.setGlobalTracerProvider`, `NodeSDK`...). */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go; default: the global meter provider. */
  readonly meterProvider?: MeterProvider;
  /**
   * Records prompts, completions, tool arguments and tool results on the spans
   * (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.tool.call.arguments`, ...), each cut
   * to `maxChars`. Off by default: content may hold personal data. API keys and headers are never recorded.
   */
  readonly recordContent?: boolean | ContentRecording;
  /** The cost of a run's usage, put on the run span as `chat_ts.cost.total` / `chat_ts.cost.currency` (e.g. from `costOf()`). */
  readonly cost?: (usage: Usage, model: { readonly provider: string; readonly model: string }) => SpanCost | undefined;
}
