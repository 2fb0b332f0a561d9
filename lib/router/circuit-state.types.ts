/** Circuit states. */
export type CircuitState = 'closed' | 'open' | 'half-open';
