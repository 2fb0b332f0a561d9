import { Body, Controller, Headers, HttpCode, Injectable, Param, Post, Sse, type INestApplication, type MessageEvent } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { lastValueFrom, map, toArray, type Observable } from 'rxjs';
import Redis from 'ioredis';
import { ChatQueue } from '../../../lib/bullmq';
import { ChatBuilder } from '../../../lib/chat';
import { ConfigurationError } from '../../../lib/errors';
import { ConversationService } from '../../../lib/conversations';
import { Messages } from '../../../lib/core/messages';
import { Tool } from '../../../lib/decorators';
import { ChatModule, Toolset } from '../../../lib/nest';
import { ChatQueueModule } from '../../../lib/nest/bullmq';
import { RedisRunStreams } from '../../../lib/redis';
import { sseEvents } from '../../bullmq/sse-client';
import { useRedisWithEmulator } from '../../support/redis-server';
import { emulatedProvider, RecordingLogger, startContext } from '../nest-test.helpers';

@Controller()
class RunsController {
  constructor(
    private readonly queue: ChatQueue,
    private readonly streams: RedisRunStreams,
    private readonly conversations: ConversationService,
  ) {}

  @Post('conversations/:id/runs')
  async start(@Param('id') id: string, @Body() body: { text: string; chat: string }): Promise<{ runId: string }> {
    await this.conversations.save(id, Messages.fromUser(body.text));
    return { runId: await this.queue.enqueue({ conversationId: id, chat: body.chat }) };
  }

  @Sse('runs/:id/events')
  events(@Param('id') id: string, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.streams.read(id, lastEventId).pipe(map((e) => ({ id: e.id, type: e.event.type, data: e.event })));
  }

  @Post('runs/:id/stop')
  @HttpCode(204)
  stop(@Param('id') id: string): Promise<void> {
    return this.queue.stop(id);
  }
}

const lookups: string[] = [];
const refunds: string[] = [];
/** Before each lookup: whether the run's first model step was already checkpointed (job id → answer). */
const checkpointedBefore = new Map<string, boolean>();
let probe: { redis: Redis; runId?: string } | undefined;

class LookupArgs {
  @IsString() id!: string;
}

@Toolset({ chats: ['default', 'checked'] })
@Injectable()
class OrderTools {
  @Tool({ description: 'Look an order up.' })
  async lookup(args: LookupArgs): Promise<string> {
    lookups.push(args.id);
    if (probe?.runId) checkpointedBefore.set(probe.runId, (await probe.redis.hexists(`nq:ckpt:{${probe.runId}}`, 'step:0')) === 1);
    return `order ${args.id}: shipped`;
  }

  @Tool({ description: 'Refund an order.', requiresApproval: true })
  refund(args: LookupArgs): string {
    refunds.push(args.id);
    return `order ${args.id}: refunded`;
  }
}

describe('chat-ts/nest/bullmq: a web tier enqueues through BullModule.registerQueue, a worker tier runs the ChatModule chat', () => {
  jest.setTimeout(120_000);
  const env = useRedisWithEmulator();
  let web: INestApplication;
  let worker: TestingModule;
  let base: string;

  beforeAll(async () => {
    const connection = { host: env.server.host, port: env.server.port };
    const webRedis = env.client({ maxRetriesPerRequest: null });
    const webModule = await Test.createTestingModule({
      imports: [BullModule.forRoot({ connection }), ChatQueueModule.register({ name: 'nest-runs', redis: webRedis, prefix: 'nq:', streams: { blockMs: 200 } })],
      controllers: [RunsController],
    })
      .setLogger(new RecordingLogger())
      .compile();
    web = webModule.createNestApplication({ logger: false });
    await web.listen(0, '127.0.0.1');
    base = await web.getUrl();

    const workerRedis = env.client({ maxRetriesPerRequest: null });
    worker = await startContext({
      imports: [
        BullModule.forRoot({ connection }),
        ChatModule.forRoot({
          provider: () => emulatedProvider(env.emulator, 'nq'),
          systemPrompt: 'You are the order desk.',
          chats: { checked: { provider: () => emulatedProvider(env.emulator, 'ck') } },
        }),
        ChatQueueModule.register({
          name: 'nest-runs',
          worker: { concurrency: 2 },
          useFactory: () => ({
            redis: workerRedis,
            prefix: 'nq:',
            chats: { checked: (checkpoints, chat) => new ChatBuilder().withModel(checkpoints.provider(chat.provider)).withTools(checkpoints.tools(chat.tools)).build() },
          }),
        }),
      ],
      providers: [OrderTools],
    });
  });
  env.teardown(async () => {
    await worker?.close();
    await web?.close();
  });

  it('POST on the web app enqueues; the worker context runs the chat with its @Toolset tool; the events come back over the web app\'s SSE; the final turn is saved', async () => {
    env.emulator.script([{ toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { id: 'A-7' } }] }, { text: 'Order A-7 has shipped.' }], 'nq');
    const created = await fetch(`${base}/conversations/order-7/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Where is order A-7?', chat: 'default' }) });
    expect(created.status).toBe(201);
    const { runId } = (await created.json()) as { runId: string };

    const events = await lastValueFrom(sseEvents(`${base}/runs/${runId}/events`).pipe(toArray()));
    expect(events.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
    expect(events.filter((e) => e.event.type === 'tool-result')).toHaveLength(1);
    expect(events.map((e) => (e.event.type === 'text-delta' ? String(e.event.delta) : '')).join('')).toBe('Order A-7 has shipped.');
    expect(lookups).toEqual(['A-7']);
    const requests = env.emulator.requests('nq');
    expect(requests).toHaveLength(2);
    expect(JSON.stringify(requests[0].body)).toContain('You are the order desk.');

    // the web tier reads the saved turn from the shared store
    const queue = web.get(ChatQueue);
    for (let i = 0; i < 100 && !(await (await queue.queue.getJob(runId))?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await queue.queue.getJob(runId))?.returnvalue).toEqual({ outcome: 'completed', version: 2 });
    expect(queue.queue.name).toBe('nest-runs');
    const { messages } = await web.get(ConversationService).load('order-7');
    expect(messages.toolResults().map((r) => r.content)).toEqual(['order A-7: shipped']);
    expect(messages.toJSON().messages.at(-1)?.parts).toEqual([expect.objectContaining({ type: 'text', text: 'Order A-7 has shipped.' })]);

    // a reconnect from the middle gets exactly the rest
    const rest = await lastValueFrom(sseEvents(`${base}/runs/${runId}/events`, events[1].id).pipe(toArray()));
    expect(rest).toEqual(events.slice(2));
  });

  it('a job naming a chat the worker tier does not have fails without retry, and says which chats it knows', async () => {
    const created = await fetch(`${base}/conversations/order-8/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Hi', chat: 'billing' }) });
    const { runId } = (await created.json()) as { runId: string };
    const queue = web.get(ChatQueue);
    for (let i = 0; i < 100 && !(await (await queue.queue.getJob(runId))?.isFailed()); i++) await new Promise((r) => setTimeout(r, 50));
    const job = await queue.queue.getJob(runId);
    expect(await job?.isFailed()).toBe(true);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toBe('No chat named "billing" on this worker (known: default, checked)');
  });

  it('with a chats factory, a job runs on the checkpointing wrappers of the ChatModule chat: its model step is saved before its tool runs, and the checkpoints are dropped with the result', async () => {
    env.emulator.script([{ toolCalls: [{ id: 'call_2', name: 'lookup', arguments: { id: 'B-9' } }] }, { text: 'B-9 too.' }], 'ck');
    const queue = web.get(ChatQueue);
    await web.get(ConversationService).save('order-9', Messages.fromUser('And B-9?'));
    probe = { redis: env.client(), runId: 'run-ck' };
    const runId = await queue.enqueue({ conversationId: 'order-9', chat: 'checked' }, { runId: 'run-ck' });
    const events = await lastValueFrom(web.get(RedisRunStreams).read(runId).pipe(toArray()));
    expect(events.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
    expect(checkpointedBefore.get('run-ck')).toBe(true);
    expect(lookups.at(-1)).toBe('B-9');
    for (let i = 0; i < 100 && !(await (await queue.queue.getJob(runId))?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await probe.redis.exists('nq:ckpt:{run-ck}')).toBe(0);
    expect(env.emulator.requests('ck')).toHaveLength(2);
  });

  it('without a chats factory, a job runs the ChatModule chat itself on checkpoints: its model step is saved before its tool runs, and the definition\'s system prompt is kept', async () => {
    env.emulator.script([{ toolCalls: [{ id: 'call_3', name: 'lookup', arguments: { id: 'C-3' } }] }, { text: 'C-3 as well.' }], 'nq');
    const queue = web.get(ChatQueue);
    await web.get(ConversationService).save('order-3', Messages.fromUser('And C-3?'));
    probe = { redis: env.client(), runId: 'run-default' };
    const before = env.emulator.requests('nq').length;
    const runId = await queue.enqueue({ conversationId: 'order-3', chat: 'default' }, { runId: 'run-default' });
    const events = await lastValueFrom(web.get(RedisRunStreams).read(runId).pipe(toArray()));
    expect(events.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
    expect(checkpointedBefore.get('run-default')).toBe(true);
    expect(lookups.at(-1)).toBe('C-3');
    const requests = env.emulator.requests('nq').slice(before);
    expect(requests).toHaveLength(2);
    expect(JSON.stringify(requests[0])).toContain('You are the order desk.');
  });

  it('an approval-gated tool never runs unapproved in a queued run: the job ends paused, the call waits in the conversation store, the tool did not run', async () => {
    env.emulator.script([{ toolCalls: [{ id: 'call_r', name: 'refund', arguments: { id: 'R-1' } }] }], 'nq');
    const queue = web.get(ChatQueue);
    const conversations = web.get(ConversationService);
    await conversations.save('order-r', Messages.fromUser('Refund R-1.'));
    const runId = await queue.enqueue({ conversationId: 'order-r', chat: 'default' }, { runId: 'run-refund' });
    const events = await lastValueFrom(web.get(RedisRunStreams).read(runId).pipe(toArray()));
    expect(events.map((e) => e.event.type)).toContain('paused');
    for (let i = 0; i < 100 && !(await (await queue.queue.getJob(runId))?.isCompleted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await queue.queue.getJob(runId))?.returnvalue).toMatchObject({ outcome: 'paused' });
    expect(refunds).toEqual([]);
    const { messages } = await conversations.load('order-r');
    expect(messages.pendingToolCalls().map((c) => c.name)).toEqual(['refund']);
  });

  it('a worker application without ChatModule fails its bootstrap and says what to import', async () => {
    const redis = env.client({ maxRetriesPerRequest: null });
    const failing = Test.createTestingModule({
      imports: [BullModule.forRoot({ connection: { host: env.server.host, port: env.server.port } }), ChatQueueModule.register({ name: 'nest-lonely', worker: true, redis })],
    })
      .setLogger(new RecordingLogger())
      .compile()
      .then(async (m) => {
        try {
          await m.init();
        } finally {
          await m.close();
        }
      });
    await expect(failing).rejects.toThrow(ConfigurationError);
    await expect(failing).rejects.toThrow('import ChatModule.forRoot() in the worker application');
  });
});
