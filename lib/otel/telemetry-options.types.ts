import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { PriceTable } from '../cost/price-table.types';
import type { CircuitBreaker } from '../router/circuit-breaker';

/** What of the prompt and completion the spans record (nothing unless you opt in). */
export interface ContentRecording {
  /** Max characters of each recorded value (messages, tool arguments, tool results); longer ones are cut. Default 4096. */
  readonly maxChars?: number;
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
  /**
   * Prices (see `PriceTable` in `chat-ts`): each request span and the run span get
   * `chat_ts.cost.total` and `chat_ts.cost.currency` (each request priced by the model that answered).
   */
  readonly prices?: PriceTable;
  /**
   * The circuit breakers of the chat's routers: each state change (`closed` → `open` ...) becomes a
   * `chat_ts.circuit_state_change` event on the span active when it happened (the model request
   * attempt that caused it).
   */
  readonly circuitBreakers?: readonly CircuitBreaker[];
}
