/**
 * Prices of one token kind set, in the table's currency per million tokens. Kinds left out are
 * priced as their base kind: `cachedInput` and `cacheWrite` as `input`, `reasoning` as `output`.
 */
export interface TokenPrices {
  readonly input: number;
  readonly output: number;
  /** Input tokens served from the prompt cache. */
  readonly cachedInput?: number;
  /** Input tokens written to the prompt cache. */
  readonly cacheWrite?: number;
  /** Reasoning tokens (part of the output tokens). */
  readonly reasoning?: number;
}

/** The price of one model (or a family of models) of one provider, from a date on. */
export interface ModelPrice {
  /** chat-ts provider id as `ResponseMetadata.provider` names it (`openai`, `claude`, `gemini`...), or `*` for any. */
  readonly provider: string;
  /** The model id, or a prefix ending with `*` (`my-model-*`). The longest match wins. */
  readonly model: string;
  /** From this date (`YYYY-MM-DD`, UTC) on; the latest entry not after the usage's date wins. Default: always. */
  readonly since?: string;
  /** Prices per million tokens. */
  readonly perMillion: TokenPrices;
}

/**
 * A price table the app supplies and keeps current: chat-ts ships the format, not prices.
 *
 * @example
 * const prices: PriceTable = {
 *   currency: 'USD',
 *   asOf: '2026-01-15',
 *   prices: [
 *     { provider: 'openai', model: 'example-large', perMillion: { input: 2, output: 8, cachedInput: 0.5 } },
 *     { provider: 'openai', model: 'example-large', since: '2026-03-01', perMillion: { input: 1.5, output: 6 } },
 *     { provider: '*', model: 'example-small-*', perMillion: { input: 0.1, output: 0.4 } },
 *   ],
 * };
 */
export interface PriceTable {
  /** ISO 4217 code, e.g. `USD`. */
  readonly currency: string;
  /** When these prices were read (`YYYY-MM-DD`): shown on costs, so a stale table is visible. */
  readonly asOf: string;
  readonly prices: readonly ModelPrice[];
}
