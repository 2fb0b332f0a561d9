/**
 * What some usage cost, from a price table the app supplies (see `PriceTable`). Amounts are in
 * `currency`; each token kind is listed apart and `total` is their sum.
 */
export interface Cost {
  readonly total: number;
  /** ISO 4217 code of the price table, e.g. `USD`. */
  readonly currency: string;
  /** Input tokens not served from or written to the prompt cache. */
  readonly input: number;
  /** Output tokens other than reasoning tokens. */
  readonly output: number;
  readonly reasoning: number;
  readonly cachedInput: number;
  readonly cacheWrite: number;
  /** The date of the prices used (the entry's `since`, else the table's `asOf`), `YYYY-MM-DD`. */
  readonly pricesAsOf: string;
  /** Model requests whose provider/model had no price: their tokens are not in `total`. */
  readonly unpricedRequests: number;
}
