import { AbortedError, ConfigurationError, ProviderOverloadedError } from '../../../lib/errors';
import { QueueFullError } from '../../../lib/errors/queue-full.error';
import { SequencePool } from '../../../lib/providers/llama-cpp/llama-cpp-sequence.pool';

describe('SequencePool', () => {
  it('lends free items, queues FIFO when busy, and refuses beyond the queue limit', async () => {
    const pool = new SequencePool(['a', 'b'], 2);
    const first = await pool.acquire();
    const second = await pool.acquire();
    expect([first.item, second.item]).toEqual(['a', 'b']);
    const order: string[] = [];
    const third = pool.acquire().then((lease) => (order.push(`third:${lease.item}`), lease));
    const fourth = pool.acquire().then((lease) => (order.push(`fourth:${lease.item}`), lease));
    expect({ busy: pool.busy, queued: pool.queued }).toEqual({ busy: 2, queued: 2 });
    const refused = pool.acquire();
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toBeInstanceOf(ProviderOverloadedError);
    second.release();
    second.release(); // idempotent
    first.release();
    await Promise.all([third, fourth]);
    expect(order).toEqual(['third:b', 'fourth:a']);
    expect({ busy: pool.busy, queued: pool.queued }).toEqual({ busy: 2, queued: 0 });
  });

  it('a queue limit of 0 refuses as soon as all items are busy', async () => {
    const pool = new SequencePool([1], 0);
    await pool.acquire();
    await expect(pool.acquire()).rejects.toBeInstanceOf(QueueFullError);
  });

  it('an aborted waiter leaves the queue; an already aborted signal never queues', async () => {
    const pool = new SequencePool(['only'], 5);
    const lease = await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire(controller.signal);
    const after = pool.acquire();
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(pool.queued).toBe(1);
    await expect(pool.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
    lease.release();
    expect((await after).item).toBe('only');
  });

  it('close() rejects waiters and later requests with the given reason', async () => {
    const pool = new SequencePool(['x'], 3);
    await pool.acquire();
    const waiting = pool.acquire();
    const reason = new ConfigurationError('gone', { code: 'disposed' });
    pool.close(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(pool.acquire()).rejects.toBe(reason);
  });
});
