import { ChatError, type ChatErrorOptions } from './chat.error';

/** What a {@link BudgetExceededError} says about the budget it hit (never the caller's key: it may be an API key). */
export interface BudgetExceededDetails {
  /** The budget's name, e.g. `tokens-per-user-per-day`. */
  readonly budget: string;
  readonly window: 'minute' | 'hour' | 'day' | 'month';
  readonly unit: 'tokens' | 'cost';
  readonly limit: number;
  /** Spent (and reserved by requests in flight) in the current window. */
  readonly used: number;
  /** The estimate of the refused request. */
  readonly requested: number;
  /** When the window ends (epoch ms): the budget is available again then. */
  readonly resetsAt: number;
}

/**
 * A model request was refused before it was sent: it would take a caller over a budget (see
 * `budgets()`). Not retryable: the run ends; `retryAfterSeconds` says when the window resets.
 *
 * @example
 * catch (e) { if (BudgetExceededError.is(e)) reply(429, `Try again in ${e.retryAfterSeconds}s`); }
 */
export class BudgetExceededError extends ChatError {
  readonly budget: string;
  readonly window: BudgetExceededDetails['window'];
  readonly unit: BudgetExceededDetails['unit'];
  readonly limit: number;
  readonly used: number;
  readonly requested: number;
  readonly resetsAt: number;

  constructor(details: BudgetExceededDetails, now: number, options: ChatErrorOptions = {}) {
    super(
      `Budget "${details.budget}" exceeded: ${details.used} of ${details.limit} ${details.unit === 'cost' ? 'spent' : 'tokens used'} this ${details.window}, ` +
        `the next request needs about ${details.requested}; no request was sent`,
      { ...options, code: 'budget_exceeded', retryAfterSeconds: Math.max(0, Math.ceil((details.resetsAt - now) / 1000)) },
    );
    this.budget = details.budget;
    this.window = details.window;
    this.unit = details.unit;
    this.limit = details.limit;
    this.used = details.used;
    this.requested = details.requested;
    this.resetsAt = details.resetsAt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), budget: this.budget, window: this.window, unit: this.unit, limit: this.limit, used: this.used, requested: this.requested, resetsAt: this.resetsAt };
  }
}
