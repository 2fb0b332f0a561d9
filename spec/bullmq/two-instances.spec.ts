import { join } from 'node:path';
import { lastValueFrom, takeWhile, toArray } from 'rxjs';
import { ChatQueue } from '../../lib/bullmq';
import { Messages } from '../../lib/core/messages';
import { ConversationService } from '../../lib/conversations';
import { RedisConversationStore, RedisRunStreams, type RelayedEvent } from '../../lib/redis';
import { useRedisWithEmulator } from '../support/redis-server';
import { startTsService, type TsService } from '../support/ts-child';
import type { AppChildInput } from './children/app.child';
import type { WorkerChildInput } from './children/worker.child';
import { sseEvents } from './sse-client';

const APP = join(__dirname, 'children', 'app.child.ts');
const WORKER = join(__dirname, 'children', 'worker.child.ts');
const STORY = 'Once upon a time a small robot walked all the way to the sea and counted every wave it saw there';
const LONG = `${STORY} ${STORY} ${STORY} ${STORY}`;
const text = (events: readonly RelayedEvent[]): string => events.map((e) => (e.event.type === 'text-delta' ? String(e.event.delta) : '')).join('');

async function post(url: string, body?: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe('issue 21, proof 1: two app instances and one worker, each its own process', () => {
  jest.setTimeout(180_000);
  const env = useRedisWithEmulator();
  const services: TsService[] = [];
  env.teardown(async () => {
    for (const s of services) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await Promise.all(services.map((s) => s.exited()));
  });

  it('enqueued on A, streamed from B over SSE, reconnected mid-answer on A with Last-Event-ID (nothing missing, nothing twice), stopped from B: the upstream socket closes, the stream ends with run-end, the partial turn is saved', async () => {
    const prefix = 'two:';
    const queue = 'runs-two';
    const { emulator } = env;
    emulator.script([{ text: LONG, chunkDelayMs: 100 }], 'two');
    const worker = await startTsService(WORKER, { redisUrl: env.server.url, prefix, queue, emulatorUrl: emulator.url('/v1', 'two') } satisfies WorkerChildInput);
    services.push(worker);
    const app = { redisUrl: env.server.url, prefix, queue } satisfies AppChildInput;
    const [a, b] = await Promise.all([startTsService(APP, app), startTsService(APP, app)]);
    services.push(a, b);
    const urlA = `http://127.0.0.1:${a.ready}`;
    const urlB = `http://127.0.0.1:${b.ready}`;
    expect(new Set([a.child.pid, b.child.pid, worker.child.pid, process.pid]).size).toBe(4);

    // A: save the conversation and enqueue its run
    const created = await post(`${urlA}/runs`, { conversationId: 'conv-1', text: 'Tell me a long story.', chat: 'agent' });
    expect(created.status).toBe(201);
    const { runId, pid } = (await created.json()) as { runId: string; pid: number };
    expect(pid).toBe(a.child.pid);

    // B: stream the answer over SSE until its fifth word, then the client drops
    let words = 0;
    const fromB = await lastValueFrom(sseEvents(`${urlB}/runs/${runId}/events`).pipe(takeWhile((e) => (e.event.type === 'text-delta' ? ++words : words) < 5, true), toArray()));
    expect(fromB.filter((e) => e.event.type === 'text-delta')).toHaveLength(5);
    const lastSeen = fromB[fromB.length - 1].id;

    // A: reconnect with Last-Event-ID, read a few more words, then B stops the run
    const closed = emulator.waitForClientClose();
    const rest: RelayedEvent[] = [];
    const reconnected = new Promise<void>((resolve, reject) => {
      sseEvents(`${urlA}/runs/${runId}/events`, lastSeen).subscribe({ next: (e) => rest.push(e), complete: resolve, error: reject });
    });
    for (let i = 0; i < 200 && rest.filter((e) => e.event.type === 'text-delta').length < 3; i++) await new Promise((r) => setTimeout(r, 25));
    expect(rest.filter((e) => e.event.type === 'text-delta').length).toBeGreaterThanOrEqual(3);
    const stop = await post(`${urlB}/runs/${runId}/stop`);
    expect(stop.status).toBe(204);
    await closed; // the worker's upstream request to the emulator was closed
    await reconnected; // A's SSE response ended after the final event

    expect(rest.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'stopped' });
    const whole = await lastValueFrom(sseEvents(`${urlB}/runs/${runId}/events`).pipe(toArray()));
    expect([...fromB, ...rest]).toEqual(whole); // no event missing, none twice, in order
    expect(new Set(whole.map((e) => e.id)).size).toBe(whole.length);
    const streamed = text(whole);
    expect(streamed.length).toBeGreaterThan(0);
    expect(LONG.startsWith(streamed)).toBe(true);
    expect(streamed.length).toBeLessThan(LONG.length);
    expect(emulator.requests('two')).toHaveLength(1);

    // the worker saved the partial turn to the conversation store
    const redis = env.client({ maxRetriesPerRequest: null });
    const chatQueue = new ChatQueue({ name: queue, connection: redis });
    for (let i = 0; i < 200 && !(await (await chatQueue.queue.getJob(runId))?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await chatQueue.queue.getJob(runId))?.returnvalue).toEqual({ outcome: 'stopped', version: 2 });
    await chatQueue.close();
    const stored = await new RedisConversationStore({ redis, prefix }).load('conv-1');
    const messages = Messages.fromJSON(stored!.conversation);
    const last = messages.toJSON().messages.at(-1);
    expect(last?.role).toBe('assistant');
    expect(last?.parts.map((p) => (p.type === 'text' ? p.text : '')).join('')).toBe(streamed);
    expect(await redis.exists(`${prefix}conv:{conv-1}:claim`)).toBe(0);
  });

  it('a run stopped while still queued ends, when a worker takes it, with run-end stopped and no model request; the conversation is kept as it was', async () => {
    const prefix = 'idle:';
    const queueName = 'runs-idle';
    const redis = env.client({ maxRetriesPerRequest: null });
    const streams = new RedisRunStreams({ redis, prefix, blockMs: 200 });
    const conversations = new ConversationService({ store: new RedisConversationStore({ redis, prefix }) });
    await conversations.save('conv-q', Messages.fromUser('Tell me a story.'));
    const queue = new ChatQueue({ name: queueName, connection: redis, streams });
    const runId = await queue.enqueue({ conversationId: 'conv-q', chat: 'agent' });
    await queue.stop(runId); // no worker yet: the run waits in the queue
    expect(await queue.queue.getJobState(runId)).toBe('waiting');

    services.push(await startTsService(WORKER, { redisUrl: env.server.url, prefix, queue: queueName, emulatorUrl: env.emulator.url('/v1', 'idle') } satisfies WorkerChildInput));
    const events = await lastValueFrom(streams.read(runId).pipe(toArray()));
    expect(events.map((e) => e.event)).toEqual([{ type: 'run-end', outcome: 'stopped' }]);
    for (let i = 0; i < 200 && !(await (await queue.queue.getJob(runId))?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await queue.queue.getJob(runId))?.returnvalue).toEqual({ outcome: 'stopped', version: 2 });
    expect(env.emulator.requests('idle')).toHaveLength(0);
    expect((await conversations.load('conv-q')).messages.toJSON().messages.map((m) => m.role)).toEqual(['user']);
    await queue.close();
  });
});
