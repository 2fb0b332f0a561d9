import { ChatError } from './chat.error';

/**
 * The store that holds the budget counters failed (for Redis: unreachable, timed out, or an error
 * reply). Budgets fail closed: a request whose budget cannot be checked is not sent, and the run
 * ends with this error. Retryable (the store may be back). A failure while settling after a request
 * does not throw (the request happened): it is reported as a `store-error` budget event.
 *
 * @example
 * catch (e) { if (BudgetStoreError.is(e)) reply(503, 'Budgets unavailable, try again shortly'); }
 */
export class BudgetStoreError extends ChatError {
  protected override defaultRetryable(): boolean {
    return true;
  }
}
