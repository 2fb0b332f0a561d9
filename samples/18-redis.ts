/**
 * Several instances sharing one Redis: web instance A queues a chat run, a worker runs it (with
 * checkpoints), web instance B streams its events as they are relayed, a circuit opened on A is
 * open on B, and B stops a second run after its first words. Each "instance" has its own Redis
 * connection. The sample starts its own redis-server when one is on the PATH, and explains how to
 * get it when not (nothing else needs Redis).
 */
import Redis from 'ioredis';
import { filter, firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import { ChatBuilder, ConversationService, Messages } from '../lib';
import { ChatQueue, ChatWorker } from '../lib/bullmq';
import { RedisCircuitStore, RedisConversationStore, RedisRunStreams } from '../lib/redis';
import { CircuitBreaker } from '../lib/router';
import { makeToolDefinition } from './support/sample-tool';
import { completionsSample } from './support/completions-sample';
import { hasRedisServer, startSampleRedis } from './support/redis-process';

async function main(): Promise<void> {
  if (!hasRedisServer()) {
    console.log('This sample needs redis-server on the PATH (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis). Skipped.');
    return;
  }
  const server = await startSampleRedis();
  const sample = await completionsSample([
    { toolCalls: [{ name: 'lookupOrder', arguments: { id: '42' } }] },
    { text: 'Order 42 shipped yesterday and arrives on Friday.' },
    { text: 'Here is a very long answer that nobody will read to the end, because instance B stops it after its first words.', chunkDelayMs: 200 },
  ]);
  const connect = () => new Redis(server.url, { maxRetriesPerRequest: null });
  const [redisA, redisB, redisW] = [connect(), connect(), connect()];
  const lookups: string[] = [];
  const lookupOrder = makeToolDefinition('lookupOrder', 'Look an order up.', (args) => {
    lookups.push(String(args.id));
    return { id: args.id, status: 'shipped', eta: 'Friday' };
  });
  const worker = new ChatWorker({
    connection: redisW,
    redis: redisW,
    conversations: new RedisConversationStore({ redis: redisW }),
    streams: new RedisRunStreams({ redis: redisW }),
    chats: { support: (checkpoints) => new ChatBuilder().withModel(checkpoints.provider(sample.provider)).withTools(checkpoints.tools([lookupOrder])).build() },
  });
  const queue = new ChatQueue({ connection: redisA, streams: new RedisRunStreams({ redis: redisA }) });
  try {
    // 1. instance A: save the conversation and queue the run
    const conversations = new ConversationService({ store: new RedisConversationStore({ redis: redisA }) });
    await conversations.save('order-chat', Messages.fromUser('Where is my order 42?'));
    const runId = await queue.enqueue({ conversationId: 'order-chat', chat: 'support' });
    console.log(`1. instance A queued run ${runId}`);

    // 2. instance B: stream the run's events as the worker relays them
    process.stdout.write('2. instance B streams: ');
    const events = await lastValueFrom(
      new RedisRunStreams({ redis: redisB })
        .read(runId)
        .pipe(tap((e) => e.event.type === 'text-delta' && process.stdout.write(String(e.event.delta))), toArray()),
    );
    console.log(`\n   ${events.length} events, the last: ${JSON.stringify(events.at(-1)?.event)}; the tool ran ${lookups.length} time(s)`);
    for (let i = 0; i < 100 && (await conversations.load('order-chat')).version < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const saved = await conversations.load('order-chat');
    console.log(`3. instance A reads the saved conversation: ${saved.messages.toJSON().messages.length} messages, version ${saved.version}`);

    // 4. a circuit opened by failures on A is open on B
    const breakerA = new CircuitBreaker({ failureThreshold: 2, store: new RedisCircuitStore({ redis: redisA }) });
    const breakerB = new CircuitBreaker({ failureThreshold: 2, store: new RedisCircuitStore({ redis: redisB }) });
    await breakerA.recordFailure('primary');
    await breakerA.recordFailure('primary');
    console.log(`4. circuit "primary" after two failures on A: ${await breakerB.state('primary')} on B`);

    // 5. a second question; instance B stops the run after its first words, wherever it runs
    const afterFirst = await conversations.load('order-chat');
    afterFirst.messages.user('Tell me everything about shipping.');
    await conversations.save('order-chat', afterFirst.messages, { version: afterFirst.version });
    const second = await queue.enqueue({ conversationId: 'order-chat', chat: 'support' });
    const streamB = new RedisRunStreams({ redis: redisB });
    await firstValueFrom(streamB.read(second).pipe(filter((e) => e.event.type === 'text-delta')));
    const queueB = new ChatQueue({ connection: redisB, streams: streamB });
    await queueB.stop(second);
    await queueB.close();
    const ended = await lastValueFrom(streamB.read(second).pipe(toArray()));
    const partial = ended.map((e) => (e.event.type === 'text-delta' ? String(e.event.delta) : '')).join('');
    console.log(`5. instance B stopped run ${second}: ${JSON.stringify(ended.at(-1)?.event)}, kept "${partial}"`);
  } finally {
    await worker.close();
    await queue.close();
    for (const r of [redisA, redisB, redisW]) r.disconnect();
    await sample.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
