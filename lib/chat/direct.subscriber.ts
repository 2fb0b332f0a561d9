import type { TeardownLogic, Unsubscribable } from 'rxjs';

type Finalizer = Exclude<TeardownLogic, void>;

function finalize(finalizer: Finalizer): void {
  if (typeof finalizer === 'function') finalizer();
  else finalizer.unsubscribe();
}

/**
 * A subscriber rxjs takes as it is: it has `closed`, `add`, `remove` and `unsubscribe`, so
 * `source.subscribe(this)` wraps it in no `SafeSubscriber` (one object per subscription instead
 * of a SafeSubscriber, its ConsumerObserver and a finalizer array grown to 17 slots for one entry).
 *
 * Like rxjs's Subscriber, a subclass stops at its first `error`/`complete` (call {@link stop}
 * first, then {@link release} after handling it) and drops events once {@link closed}. Unlike it,
 * nothing catches what `next` throws: a subclass must not throw from its handlers.
 */
export abstract class DirectSubscriber {
  /** Unsubscribed, or ended by `error`/`complete`: the producer must emit nothing more. */
  closed = false;
  /** The producer's teardown (usually exactly one). */
  private finalizers?: Finalizer | Finalizer[];

  /** Called by rxjs with the producer's teardown; run at once when already closed. */
  add(teardown: TeardownLogic): void {
    if (!teardown || teardown === (this as unknown as Unsubscribable)) return;
    if (this.closed) return finalize(teardown);
    const held = this.finalizers;
    if (held === undefined) this.finalizers = teardown;
    else if (Array.isArray(held)) held.push(teardown);
    else this.finalizers = [held, teardown];
  }

  remove(teardown: Exclude<TeardownLogic, void>): void {
    const held = this.finalizers;
    if (held === teardown) this.finalizers = undefined;
    else if (Array.isArray(held)) {
      const at = held.indexOf(teardown);
      if (at >= 0) held.splice(at, 1);
    }
  }

  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }

  /** Marks the subscription ended by the producer; false when it already was. */
  protected stop(): boolean {
    if (this.closed) return false;
    this.closed = true;
    return true;
  }

  /** Runs the producer's teardowns (once). */
  protected release(): void {
    const held = this.finalizers;
    this.finalizers = undefined;
    if (held === undefined) return;
    if (Array.isArray(held)) held.forEach(finalize);
    else finalize(held);
  }
}
