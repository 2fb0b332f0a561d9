/**
 * An app instance (web tier) of the multi-process ChatQueue spec, in its own process: an HTTP
 * server that saves a conversation and enqueues its run (`POST /runs`), serves any run's events as
 * SSE from the Redis relay, from a `Last-Event-ID` (`GET /runs/:id/events`), and stops a run
 * wherever it executes (`POST /runs/:id/stop`). Prints `ready <port>`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import Redis from 'ioredis';
import { ChatQueue } from '../../../lib/bullmq';
import { ConversationService } from '../../../lib/conversations';
import { Messages } from '../../../lib/core/messages';
import { RedisConversationStore, RedisRunStreams, sseFrame } from '../../../lib/redis';

export interface AppChildInput {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly queue: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as AppChildInput;
const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: null });
const streams = new RedisRunStreams({ redis, prefix: input.prefix, blockMs: 200 });
const queue = new ChatQueue({ name: input.queue, connection: redis, streams, jobOptions: { attempts: 2 } });
const conversations = new ConversationService({ store: new RedisConversationStore({ redis, prefix: input.prefix }) });

const body = async (req: IncomingMessage): Promise<{ conversationId: string; text: string; chat: string }> => {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  return JSON.parse(raw) as { conversationId: string; text: string; chat: string };
};

const server = createServer((req, res) => {
  const [, resource, runId, action] = (req.url ?? '/').split('/');
  if (resource !== 'runs') return void res.writeHead(404).end();
  if (req.method === 'POST' && runId === undefined) {
    void body(req)
      .then(async ({ conversationId, text, chat }) => {
        await conversations.save(conversationId, Messages.fromUser(text));
        const id = await queue.enqueue({ conversationId, chat });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ runId: id, pid: process.pid }));
      })
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
    return;
  }
  if (req.method === 'POST' && action === 'stop') {
    void queue.stop(runId).then(() => res.writeHead(204).end());
    return;
  }
  if (req.method === 'GET' && action === 'events') {
    const lastEventId = req.headers['last-event-id'];
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-served-by': String(process.pid) });
    const subscription = streams.read(runId, typeof lastEventId === 'string' ? lastEventId : undefined).subscribe({
      next: (event) => res.write(sseFrame(event)),
      complete: () => res.end(),
      error: () => res.end(),
    });
    req.on('close', () => subscription.unsubscribe());
    return;
  }
  res.writeHead(405).end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void queue.close().then(() => redis.quit()).then(() => process.exit(0));
});
