import { AbortedError } from '../../errors/aborted.error';
import type { ChatError } from '../../errors/chat.error';
import { QueueFullError } from '../../errors/queue-full.error';

/** A borrowed item; `release()` gives it back (idempotent). */
export interface PoolLease<T> {
  readonly item: T;
  release(): void;
}

interface Waiter<T> {
  resolve(lease: PoolLease<T>): void;
  reject(error: ChatError): void;
  detach(): void;
}

/**
 * A fixed set of context sequences lent to one request at a time, with a bounded FIFO queue for
 * requests that arrive while all are busy. A full queue refuses at once with `QueueFullError`;
 * an aborted waiter leaves the queue with `AbortedError`.
 */
export class SequencePool<T> {
  private readonly free: T[];
  private readonly waiters: Waiter<T>[] = [];
  private closedWith?: ChatError;
  /** Number of items in the pool. */
  readonly total: number;

  constructor(
    items: readonly T[],
    private readonly queueLimit: number,
    private readonly provider = 'llama-cpp',
  ) {
    this.free = [...items];
    this.total = items.length;
  }

  /** Items lent out right now. */
  get busy(): number {
    return this.total - this.free.length;
  }

  /** Requests waiting for an item. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Borrows an item, waiting in the queue when all are busy. */
  acquire(signal?: AbortSignal): Promise<PoolLease<T>> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (signal?.aborted) return Promise.reject(new AbortedError(`${this.provider} request aborted`, { provider: this.provider }));
    const item = this.free.shift();
    if (item !== undefined) return Promise.resolve(this.lease(item));
    if (this.waiters.length >= this.queueLimit) {
      return Promise.reject(
        new QueueFullError(
          `${this.provider}: all ${this.total} sequences are busy and ${this.waiters.length} requests already wait (queue limit ${this.queueLimit})`,
          { provider: this.provider, code: 'queue-full' },
        ),
      );
    }
    return new Promise<PoolLease<T>>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new AbortedError(`${this.provider} request aborted while queued`, { provider: this.provider }));
      };
      const waiter: Waiter<T> = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Refuses every waiting and future request with `reason` (on dispose). */
  close(reason: ChatError): void {
    this.closedWith = reason;
    for (const waiter of this.waiters.splice(0)) {
      waiter.detach();
      waiter.reject(reason);
    }
  }

  private lease(item: T): PoolLease<T> {
    let released = false;
    return {
      item,
      release: () => {
        if (released) return;
        released = true;
        const waiter = this.waiters.shift();
        if (waiter) {
          waiter.detach();
          waiter.resolve(this.lease(item));
        } else this.free.push(item);
      },
    };
  }
}
