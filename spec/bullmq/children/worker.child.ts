/**
 * A worker tier process of the ChatQueue spec: runs queued chat runs until killed. Tool `a` records
 * its completion at once; tool `b` records its start, waits while the key `<prefix>block` exists,
 * then records its completion — so the parent can SIGKILL this process in the middle of `b`.
 */
import Redis from 'ioredis';
import { ChatWorker } from '../../../lib/bullmq';
import { ChatBuilder } from '../../../lib/chat';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { RedisConversationStore, RedisRunStreams } from '../../../lib/redis';
import { makeTool } from '../../support/test-tools';

export interface WorkerChildInput {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly queue: string;
  readonly emulatorUrl: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as WorkerChildInput;
const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: null });
const record = (entry: string) => redis.rpush(`${input.prefix}runs`, entry);
const tools = [
  makeTool({ name: 'a', execute: async (_args, ctx) => (await record(`completed:a:${ctx.callId}`), 'a done') }),
  makeTool({
    name: 'b',
    execute: async (_args, ctx) => {
      await record(`started:b:${ctx.callId}:${process.pid}`);
      while ((await redis.exists(`${input.prefix}block`)) === 1) await new Promise((r) => setTimeout(r, 50));
      await record(`completed:b:${ctx.callId}`);
      return 'b done';
    },
  }),
];
const provider = new ChatCompletionsBuilder().withBaseUrl(input.emulatorUrl).withModel('m').build();
const worker = new ChatWorker({
  name: input.queue,
  connection: redis,
  redis,
  prefix: input.prefix,
  conversations: new RedisConversationStore({ redis, prefix: input.prefix }),
  streams: new RedisRunStreams({ redis, prefix: input.prefix, blockMs: 200 }),
  chats: { agent: (checkpoints) => new ChatBuilder().withModel(checkpoints.provider(provider)).withTools(checkpoints.tools(tools)).build() },
  workerOptions: { lockDuration: 1500, stalledInterval: 500, maxStalledCount: 3 },
});
void worker.worker.waitUntilReady().then(() => process.stdout.write(`ready ${process.pid}\n`));
process.on('SIGTERM', () => void worker.close().then(() => redis.quit()).then(() => process.exit(0)));
