import { join } from 'node:path';
import Redis from 'ioredis';
import { lastValueFrom, toArray } from 'rxjs';
import { ChatQueue } from '../../lib/bullmq';
import { Messages } from '../../lib/core/messages';
import { ConversationService } from '../../lib/conversations';
import { RedisConversationStore, RedisRunStreams } from '../../lib/redis';
import { useRedisWithEmulator } from '../support/redis-server';
import { startTsService, type TsService } from '../support/ts-child';
import type { WorkerChildInput } from './children/worker.child';

const CHILD = join(__dirname, 'children', 'worker.child.ts');
describe('ChatQueue + ChatWorker: a worker killed mid-run loses nothing and repeats nothing', () => {
  jest.setTimeout(180_000);
  const env = useRedisWithEmulator();
  let redis: Redis;
  const workers: TsService[] = [];
  const startWorker = async (input: WorkerChildInput): Promise<TsService> => {
    const worker = await startTsService(CHILD, input);
    workers.push(worker);
    return worker;
  };
  beforeAll(() => {
    redis = env.client({ maxRetriesPerRequest: null });
  });
  env.teardown(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited()));
  });

  it('killed (SIGKILL) during a tool call, the run completes on a second worker: each tool completed once, no model step asked twice', async () => {
    const prefix = 'q1:';
    const input: WorkerChildInput = { redisUrl: env.server.url, prefix, queue: 'runs-q1', emulatorUrl: env.emulator.url('/v1', 'q1') };
    env.emulator.script(
      [
        { toolCalls: [{ id: 'call_a', name: 'a', arguments: {} }] },
        { toolCalls: [{ id: 'call_b', name: 'b', arguments: {} }] },
        { text: 'Both tools ran.' },
      ],
      'q1',
    );
    const conversations = new ConversationService({ store: new RedisConversationStore({ redis, prefix }) });
    await conversations.save('c1', Messages.fromUser('Run a, then b.'));
    await redis.set(`${prefix}block`, '1');

    const first = await startWorker(input);
    const queue = new ChatQueue({ name: 'runs-q1', connection: redis, jobOptions: { attempts: 3 } });
    const runId = await queue.enqueue({ conversationId: 'c1', chat: 'agent' }, { runId: 'run-1' });
    expect(runId).toBe('run-1');

    const started = async () => (await redis.lrange(`${prefix}runs`, 0, -1)).some((e) => e.startsWith('started:b'));
    for (let i = 0; i < 600 && !(await started()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await started()).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited();
    await redis.del(`${prefix}block`);

    await startWorker(input);
    const streams = new RedisRunStreams({ redis, prefix, blockMs: 200 });
    const events = await lastValueFrom(streams.read('run-1').pipe(toArray()));
    expect(events.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
    // run-end is relayed only after the final turn is saved: a client that reloads on run-end finds the answer
    const atRunEnd = (await conversations.load('c1')).messages.toJSON().messages.at(-1);
    expect(atRunEnd?.parts).toEqual([expect.objectContaining({ type: 'text', text: 'Both tools ran.' })]);
    const job = await queue.queue.getJob('run-1');
    for (let i = 0; i < 300 && !(await job?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await queue.queue.getJob('run-1'))?.returnvalue).toEqual({ outcome: 'completed', version: 2 });

    const runs = await redis.lrange(`${prefix}runs`, 0, -1);
    expect(runs.filter((e) => e.startsWith('completed:'))).toEqual(['completed:a:call_a', 'completed:b:call_b']);
    expect(runs.filter((e) => e.startsWith('started:b'))).toHaveLength(2); // b had started, not completed, when the worker died
    expect(env.emulator.requests('q1')).toHaveLength(3);
    const { messages } = await conversations.load('c1');
    const last = messages.toJSON().messages.at(-1);
    expect(last?.parts).toEqual([expect.objectContaining({ type: 'text', text: 'Both tools ran.' })]);
    expect(messages.toolResults().map((r) => r.content)).toEqual(['a done', 'b done']);
    expect(await redis.exists(`${prefix}ckpt:{run-1}`)).toBe(0);
    await queue.close();
  });

  it('killed (SIGKILL) between steps — tool a done, the next model step in flight, no tool running — the run completes on a second worker: each tool ran exactly once', async () => {
    const prefix = 'q2:';
    const input: WorkerChildInput = { redisUrl: env.server.url, prefix, queue: 'runs-q2', emulatorUrl: env.emulator.url('/v1', 'q2') };
    env.emulator.script(
      [
        { toolCalls: [{ id: 'call_a', name: 'a', arguments: {} }] },
        { toolCalls: [{ id: 'call_b', name: 'b', arguments: {} }], delayMs: 6_000 }, // the step the first worker dies waiting for (the kill comes well within 6 s; a shorter timer leaves no open handle)
        { toolCalls: [{ id: 'call_b', name: 'b', arguments: {} }] },
        { text: 'Both tools ran.' },
      ],
      'q2',
    );
    const conversations = new ConversationService({ store: new RedisConversationStore({ redis, prefix }) });
    await conversations.save('c2', Messages.fromUser('Run a, then b.'));

    const first = await startWorker(input);
    const queue = new ChatQueue({ name: 'runs-q2', connection: redis, jobOptions: { attempts: 3 } });
    await queue.enqueue({ conversationId: 'c2', chat: 'agent' }, { runId: 'run-2' });

    // between steps: tool a has completed (its result checkpointed before the next request goes out) and step 2 is asked
    const between = async () => env.emulator.requests('q2').length === 2 && (await redis.lrange(`${prefix}runs`, 0, -1)).includes('completed:a:call_a');
    for (let i = 0; i < 600 && !(await between()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await between()).toBe(true);
    expect(await redis.hexists(`${prefix}ckpt:{run-2}`, 'tool:call_a')).toBe(1);
    first.child.kill('SIGKILL');
    await first.exited();

    await startWorker(input);
    const streams = new RedisRunStreams({ redis, prefix, blockMs: 200 });
    const events = await lastValueFrom(streams.read('run-2').pipe(toArray()));
    expect(events.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
    for (let i = 0; i < 300 && !(await (await queue.queue.getJob('run-2'))?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await queue.queue.getJob('run-2'))?.returnvalue).toEqual({ outcome: 'completed', version: 2 });

    const runs = await redis.lrange(`${prefix}runs`, 0, -1);
    expect(runs.filter((e) => e.startsWith('completed:'))).toEqual(['completed:a:call_a', 'completed:b:call_b']);
    expect(runs.filter((e) => e.startsWith('started:b'))).toHaveLength(1); // b started only on the second worker
    // step 1 was replayed from its checkpoint: the second worker's first request already carries a's result
    const requests = env.emulator.requests('q2');
    expect(requests).toHaveLength(4);
    expect(JSON.stringify(requests[2].body)).toContain('a done');
    const { messages } = await conversations.load('c2');
    expect(messages.toolResults().map((r) => r.content)).toEqual(['a done', 'b done']);
    expect(messages.toJSON().messages.at(-1)?.parts).toEqual([expect.objectContaining({ type: 'text', text: 'Both tools ran.' })]);
    expect(await redis.exists(`${prefix}ckpt:{run-2}`)).toBe(0);
    await queue.close();
  });
});
