import { trace } from '@opentelemetry/api';
import type { CircuitBreaker, CircuitEvent } from '../router/circuit-breaker';
import { CHAT_TS, CHAT_TS_EVENT } from './gen-ai.attributes';

/** Breakers already watched: several `openTelemetry()` observers (one per Nest chat) record each change once. */
const watched = new WeakSet<CircuitBreaker>();

/**
 * Records every state change of `breakers` as a `chat_ts.circuit_state_change` event on the span
 * active when it happened: the model request attempt whose failure opened a circuit, or whose
 * success closed it.
 */
export function recordCircuitEvents(breakers: readonly CircuitBreaker[]): void {
  for (const breaker of breakers) {
    if (watched.has(breaker)) continue;
    watched.add(breaker);
    breaker.events$.subscribe((event: CircuitEvent) => {
      trace.getActiveSpan()?.addEvent(CHAT_TS_EVENT.circuitStateChange, {
        [CHAT_TS.circuitProvider]: event.provider,
        [CHAT_TS.circuitFrom]: event.from,
        [CHAT_TS.circuitTo]: event.to,
        [CHAT_TS.circuitFailures]: event.failures,
      });
    });
  }
}
