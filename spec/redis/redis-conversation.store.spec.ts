import { join } from 'node:path';
import Redis from 'ioredis';
import { ChatBuilder } from '../../lib/chat';
import { APPROVAL_SECRET_ENV } from '../../lib/chat/approval-seal';
import { Messages } from '../../lib/core/messages';
import { ConversationService } from '../../lib/conversations';
import { ApprovalConflictError, ConcurrentRunError, ConversationConflictError, ConversationNotFoundError } from '../../lib/errors';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { RedisConversationStore } from '../../lib/redis';
import { VirtualClock } from '../../lib/testing';
import { useRedisWithEmulator } from '../support/redis-server';
import { makeTool } from '../support/test-tools';
import { runTsChild } from '../support/ts-child';
import type { ApprovalChildInput, ApprovalChildOutput } from './children/approval.child';

const CHILD = join(__dirname, 'children', 'approval.child.ts');
const SECRET = 'shared-approval-secret-for-the-redis-spec-0123';

describe('RedisConversationStore + ConversationService: paused on A, approved on B, resumed on C, once', () => {
  jest.setTimeout(180_000);
  const env = useRedisWithEmulator();
  let redis: Redis;
  let savedSecret: string | undefined;
  beforeAll(() => {
    savedSecret = process.env[APPROVAL_SECRET_ENV];
    process.env[APPROVAL_SECRET_ENV] = SECRET;
    redis = env.client();
  });
  afterAll(() => {
    if (savedSecret === undefined) delete process.env[APPROVAL_SECRET_ENV];
    else process.env[APPROVAL_SECRET_ENV] = savedSecret;
  });

  const child = (op: ApprovalChildInput['op'], prefix: string, extra: Partial<ApprovalChildInput> = {}) =>
    runTsChild<ApprovalChildOutput>(CHILD, { redisUrl: env.server.url, prefix: `${prefix}:`, op, id: 'order-1', emulatorUrl: env.emulator.url('/v1', prefix), ...extra } satisfies ApprovalChildInput, { [APPROVAL_SECRET_ENV]: SECRET });

  it('five processes: A pauses and saves, two approve at once (one wins, one conflicts), two resume at once (the tool runs once)', async () => {
    env.emulator.script([{ toolCalls: [{ id: 'call_t', name: 'transfer', arguments: { amount: 5 } }] }, { text: 'Sent 5 to Bob.', delayMs: 1500 }], 'p1');
    expect(await child('pause', 'p1')).toEqual({ status: 'paused', pending: ['call_t'], version: 1 });

    const approvals = await Promise.all([child('approve', 'p1', { callId: 'call_t' }), child('approve', 'p1', { callId: 'call_t' })]);
    expect(approvals.filter((a) => a.version === 2)).toHaveLength(1);
    expect(approvals.filter((a) => a.error === 'ApprovalConflictError')).toHaveLength(1);

    const resumes = await Promise.all([child('resume', 'p1'), child('resume', 'p1')]);
    const done = resumes.filter((r) => r.text !== undefined);
    expect(done).toEqual([{ status: 'completed', text: 'Sent 5 to Bob.' }]);
    expect(['ConcurrentRunError', 'ConversationConflictError']).toContain(resumes.find((r) => r.error)?.error);
    expect(await redis.lrange('p1:runs', 0, -1)).toEqual([JSON.stringify({ amount: 5 })]);
    expect(env.emulator.requests('p1')).toHaveLength(2);

    // the result was saved: any instance sees the finished turn, and there is nothing left to resume
    const service = new ConversationService({ store: new RedisConversationStore({ redis, prefix: 'p1:' }) });
    await expect(service.resume('order-1', () => Promise.resolve('must not run'))).rejects.toBeInstanceOf(ConversationConflictError);
    const { messages, version } = await service.load('order-1');
    expect(messages.findToolCall('call_t')?.status).toBe('completed');
    expect(version).toBe(3);
    expect(await redis.exists('p1:conv:{order-1}:claim')).toBe(0);
    expect(await redis.pttl('p1:conv:{order-1}')).toBeGreaterThan(0);
  });

  describe('in one process, on two connections (deterministic races)', () => {
    const runs: unknown[] = [];
    const tool = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: (args) => (runs.push(args), 'sent') });
    const chatAt = (session: string) => new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(env.emulator.url('/v1', session)).withModel('m').build()).withTools([tool]).build();
    let other: Redis;
    beforeAll(() => {
      other = new Redis(env.server.url);
    });
    afterAll(() => other.disconnect());
    beforeEach(() => (runs.length = 0));

    const paused = async (prefix: string, session: string) => {
      const a = new ConversationService({ store: new RedisConversationStore({ redis, prefix }) });
      const b = new ConversationService({ store: new RedisConversationStore({ redis: other, prefix }) });
      env.emulator.script([{ toolCalls: [{ id: 'call_x', name: 'transfer', arguments: { amount: 9 } }] }, { text: 'Done.', delayMs: 200 }], session);
      const messages = Messages.fromUser('Send 9');
      expect((await chatAt(session).complete(messages)).status).toBe('paused');
      await a.save('c', messages);
      return { a, b };
    };

    it('two approvals at the same moment: one wins, the other is an ApprovalConflictError; an edited approval carries its arguments', async () => {
      const { a, b } = await paused('q1:', 'q1');
      const outcomes = await Promise.allSettled([a.approve('c', 'call_x', { arguments: { amount: 3 } }), b.approve('c', 'call_x')]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(ApprovalConflictError.is(rejected?.reason)).toBe(true);
      expect(ConversationConflictError.is(rejected?.reason)).toBe(true);
      const call = (await a.load('c')).messages.findToolCall('call_x');
      expect(call?.approval?.editedArguments).toEqual(outcomes[0].status === 'fulfilled' ? { amount: 3 } : undefined);
      await expect(b.reject('c', 'call_x', 'too late')).rejects.toBeInstanceOf(ApprovalConflictError);
    });

    it('two resumes at the same moment: one runs, the other is a ConcurrentRunError; the tool ran once', async () => {
      const { a, b } = await paused('q2:', 'q2');
      await a.approve('c', 'call_x');
      const outcomes = await Promise.allSettled([a.resume('c', (m) => chatAt('q2').complete(m)), b.resume('c', (m) => chatAt('q2').complete(m))]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason).toBeInstanceOf(ConcurrentRunError);
      expect(runs).toEqual([{ amount: 9 }]);
    });

    it('a deferred call wakes on any instance: due() lists it when its time comes, and the resume there runs it', async () => {
      const clock = new VirtualClock();
      const lookups: unknown[] = [];
      const lookup = makeTool({ name: 'lookup', execute: () => (lookups.push(1), 'balance 100') });
      const deferring = new ChatBuilder()
        .withModel(new ChatCompletionsBuilder().withBaseUrl(env.emulator.url('/v1', 'q4')).withModel('m').build())
        .withTools([lookup])
        .withClock(clock)
        .withApproval(() => ({ action: 'defer', until: clock.now() + 60_000 }))
        .build();
      env.emulator.script([{ toolCalls: [{ id: 'call_l', name: 'lookup', arguments: {} }] }, { text: 'Your balance is 100.' }], 'q4');
      const a = new ConversationService({ store: new RedisConversationStore({ redis, prefix: 'q4:' }), clock });
      const b = new ConversationService({ store: new RedisConversationStore({ redis: other, prefix: 'q4:' }), clock });
      const messages = Messages.fromUser('balance?');
      expect((await deferring.complete(messages)).status).toBe('paused');
      await a.save('d', messages);
      expect(await b.due()).toEqual([]);
      await expect(b.resume('d', (m) => deferring.complete(m))).rejects.toBeInstanceOf(ConversationConflictError); // not due yet
      clock.advance(60_000);
      expect(await b.due()).toEqual(['d']);
      const reply = await b.resume('d', (m) => deferring.complete(m));
      expect(reply.text).toBe('Your balance is 100.');
      expect(lookups).toHaveLength(1);
      expect(await a.due()).toEqual([]);
    });

    it('a rejected call resumes with the reason; saving over a newer version or a missing id is a typed error', async () => {
      const { a, b } = await paused('q3:', 'q3');
      const stale = await b.load('c');
      await a.reject('c', 'call_x', 'Not today');
      await expect(b.save('c', stale.messages, { version: stale.version })).rejects.toBeInstanceOf(ConversationConflictError);
      await expect(b.save('c', stale.messages)).rejects.toThrow(/already exists/);
      const reply = await b.resume('c', (m) => chatAt('q3').complete(m));
      expect(reply.text).toBe('Done.');
      expect(runs).toEqual([]);
      await expect(a.load('nope')).rejects.toBeInstanceOf(ConversationNotFoundError);
    });
  });
});
