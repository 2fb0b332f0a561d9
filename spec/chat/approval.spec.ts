import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, type ApprovalStrategy } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import type { StreamEvent } from '../../lib/core/stream-event.types';
import { AbortedError, CallbackError } from '../../lib/errors';
import { VirtualClock } from '../../lib/testing/virtual.clock';
import { callsThenAnswer, chatFor, roles } from '../support/approval.fixtures';
import { ScriptedProvider, type Script } from '../support/scripted.provider';
import { deferred, makeTool } from '../support/test-tools';

describe('human in the loop', () => {
  it('pauses on a gated call, runs the ungated one of the same turn', async () => {
    const { chat, runs, provider } = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    const reply = await chat.complete(messages);
    expect(reply.status).toBe('paused');
    expect(reply.pendingToolCalls.map((c) => c.id)).toEqual(['t1']);
    expect(runs).toEqual([]);
    expect(roles(messages)).toEqual(['user', 'assistant:paused', 'tool']);
    expect(messages.findToolCall('t1')?.status).toBe('pending');
    expect(messages.findToolCall('l1')?.status).toBe('completed');
    expect(messages.pendingToolCalls().map((c) => c.id)).toEqual(['t1']);
    expect(provider.calls).toHaveLength(1);
  });

  it('asking again before a decision stays paused without calling the model', async () => {
    const { chat, provider } = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    await chat.complete(messages);
    const again = await chat.complete(messages);
    expect(again.status).toBe('paused');
    expect(provider.calls).toHaveLength(1);
    expect(roles(messages)).toEqual(['user', 'assistant:paused', 'tool']);
  });

  it('runs an approved call with edited arguments and continues the same turn', async () => {
    const { chat, runs, provider } = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    await chat.complete(messages);
    messages.approve('t1', { arguments: { amount: 20 }, decidedBy: 'alice' });
    const reply = await chat.complete(messages);
    expect(reply.status).toBe('completed');
    expect(reply.text).toBe('Done.');
    expect(runs).toEqual([{ amount: 20 }]);
    expect(roles(messages)).toEqual(['user', 'assistant:completed', 'tool', 'assistant:completed']);
    expect(messages.toolResults().map((r) => `${r.callId}=${r.content}`)).toEqual(['t1=sent 20', 'l1=balance 100']);
    expect(messages.findToolCall('t1')?.status).toBe('completed');
    // the model was asked again with both results, without a new user message
    expect(provider.calls[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('validates edited arguments like the model’s', async () => {
    const { chat, runs } = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    await chat.complete(messages);
    messages.approve('t1', { arguments: { amount: -5 } });
    const reply = await chat.complete(messages);
    expect(runs).toEqual([]);
    expect(reply.toolResults[0]).toMatchObject({ callId: 't1', isError: true, error: { kind: 'validation' } });
  });

  it('sends a rejection to the model as the call’s result', async () => {
    const { chat, runs, provider } = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    await chat.complete(messages);
    messages.reject('t1', 'Too much money');
    const reply = await chat.complete(messages);
    expect(reply.status).toBe('completed');
    expect(runs).toEqual([]);
    const result = messages.toolResults().find((r) => r.callId === 't1');
    expect(result).toMatchObject({ isError: true, error: { kind: 'rejected' } });
    expect(result?.content).toContain('Too much money');
    expect(messages.findToolCall('t1')?.status).toBe('rejected');
    expect(provider.calls).toHaveLength(2);
  });

  it('streams a paused event then finish, and resumes through stream()', async () => {
    const { chat, runs } = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    const events = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    const tail = events.slice(-2) as StreamEvent[];
    expect(tail.map((e) => e.type)).toEqual(['paused', 'finish']);
    expect((tail[0] as Extract<StreamEvent, { type: 'paused' }>).pending.map((c) => c.id)).toEqual(['t1']);
    expect((tail[1] as Extract<StreamEvent, { type: 'finish' }>).status).toBe('paused');
    messages.approve('t1');
    const resumed = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    expect(resumed.map((e) => e.type)).toEqual(['tool-result', 'text-delta', 'text-delta', 'usage', 'step-finish', 'finish']);
    expect(runs).toEqual([{ amount: 50 }]);
  });

  it('a paused conversation survives a JSON round trip (save, new process, load, resume)', async () => {
    const first = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    await first.chat.complete(messages);
    const saved = JSON.stringify(messages);

    // "another process": a new chat with the same secret, a conversation loaded from JSON
    const second = chatFor([{ text: 'Paid.' }]);
    const loaded = Messages.fromJSON(saved);
    expect(loaded.pendingToolCalls().map((c) => c.id)).toEqual(['t1']);
    loaded.approve('t1');
    const reply = await second.chat.complete(loaded);
    expect(reply.status).toBe('completed');
    expect(second.runs).toEqual([{ amount: 50 }]);
    expect(roles(loaded)).toEqual(['user', 'assistant:completed', 'tool', 'assistant:completed']);

    // approvals saved before the round trip count too
    const third = chatFor([{ text: 'Paid.' }]);
    const m2 = Messages.fromJSON(saved).approve('t1');
    await third.chat.complete(Messages.fromJSON(JSON.stringify(m2)));
    expect(third.runs).toEqual([{ amount: 50 }]);
  });

  it('a process with another approval secret asks for the approval again instead of running', async () => {
    const first = chatFor(callsThenAnswer);
    const messages = Messages.fromUser('Pay 50');
    await first.chat.complete(messages);
    const loaded = Messages.fromJSON(JSON.stringify(messages)).approve('t1');
    const other = chatFor([{ text: 'Paid.' }], { secret: 'another-secret-of-some-length' });
    const reply = await other.chat.complete(loaded);
    expect(reply.status).toBe('paused');
    expect(other.runs).toEqual([]);
    expect(loaded.findToolCall('t1')?.status).toBe('pending');
    loaded.approve('t1');
    await other.chat.complete(loaded);
    expect(other.runs).toEqual([{ amount: 50 }]);
  });

  describe('strategies', () => {
    it('rejects with a reason, executes, or requires approval per call', async () => {
      const strategy: ApprovalStrategy = (call) =>
        call.name === 'lookup' ? { action: 'reject', reason: 'lookups are off today' } : { action: 'execute' };
      const { chat, runs } = chatFor(callsThenAnswer, { strategy });
      const messages = Messages.fromUser('Pay 50');
      const reply = await chat.complete(messages);
      // execute cannot override requiresApproval metadata
      expect(reply.status).toBe('paused');
      expect(runs).toEqual([]);
      const rejected = messages.toolResults().find((r) => r.callId === 'l1');
      expect(rejected).toMatchObject({ isError: true, error: { kind: 'rejected' } });
      expect(rejected?.content).toContain('lookups are off today');
    });

    it('gates an ungated tool when the strategy requires approval', async () => {
      const { chat } = chatFor([{ toolCalls: [{ id: 'l', name: 'lookup' }] }], { strategy: () => ({ action: 'require-approval' }) });
      const reply = await chat.complete('x');
      expect(reply.status).toBe('paused');
      expect(reply.pendingToolCalls[0].status).toBe('pending');
    });

    it('defers a call until a time on the clock, then runs it without a person', async () => {
      const clock = new VirtualClock();
      const until = clock.now() + 60_000;
      let looked = 0;
      const { chat, provider } = chatFor([{ toolCalls: [{ id: 'l', name: 'lookup' }] }, { text: 'ok' }], { clock, strategy: () => ({ action: 'defer', until }) });
      const messages = Messages.fromUser('x');
      const paused = await chat.complete(messages);
      expect(paused.status).toBe('paused');
      expect(paused.pendingToolCalls[0]).toMatchObject({ status: 'deferred', approval: { resumeAt: until } });
      expect(paused.resumeAt).toBe(until);
      const events = await lastValueFrom(chat.stream(messages).pipe(toArray()));
      expect(events[0]).toMatchObject({ type: 'paused', resumeAt: until });
      expect(provider.calls).toHaveLength(1);
      clock.advance(60_000);
      const done = await chat.complete(messages, { onFinish: () => void looked++ });
      expect(done.status).toBe('completed');
      expect(messages.toolResults()[0].content).toBe('balance 100');
      expect(looked).toBe(1);
    });

    it('a deferred gated call still needs a person after its time', async () => {
      const clock = new VirtualClock();
      const until = clock.now() + 1_000;
      const { chat, runs } = chatFor(callsThenAnswer, { clock, strategy: (c) => (c.name === 'transfer' ? { action: 'defer', until } : { action: 'execute' }) });
      const messages = Messages.fromUser('x');
      await chat.complete(messages);
      messages.approve('t1');
      expect((await chat.complete(messages)).status).toBe('paused'); // approved, but not yet due
      clock.advance(1_000);
      expect((await chat.complete(messages)).status).toBe('completed');
      expect(runs).toEqual([{ amount: 50 }]);

      const m2 = Messages.fromUser('x');
      const c2 = chatFor(callsThenAnswer, { clock, strategy: (c) => (c.name === 'transfer' ? { action: 'defer', until: clock.now() + 1_000 } : { action: 'execute' }) });
      await c2.chat.complete(m2);
      clock.advance(1_000);
      const still = await c2.chat.complete(m2);
      expect(still.status).toBe('paused');
      expect(m2.findToolCall('t1')?.status).toBe('pending');
      expect(c2.runs).toEqual([]);
    });

    it('a strategy that throws fails the call with CallbackError and runs nothing', async () => {
      const { chat, runs } = chatFor(callsThenAnswer, {
        strategy: () => {
          throw new Error('policy service down');
        },
      });
      await expect(chat.complete('x')).rejects.toBeInstanceOf(CallbackError);
      expect(runs).toEqual([]);
    });
  });

  it('an interruption while approved calls run keeps the undecided ones pending for a later resume', async () => {
    const started = deferred();
    const ran: string[] = [];
    const slow = makeTool({ name: 'slow', metadata: { requiresApproval: true }, execute: () => (ran.push('slow'), started.resolve(), new Promise(() => undefined)) });
    const quick = makeTool({ name: 'quick', metadata: { requiresApproval: true }, execute: () => (ran.push('quick'), 'quick done') });
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 's', name: 'slow' }, { id: 'q', name: 'quick' }] }, { text: 'finished' }]);
    const chat = new ChatBuilder().withModel(provider).withTools([slow, quick]).build();
    const messages = Messages.fromUser('go');
    await chat.complete(messages);
    messages.approve('s');
    const controller = new AbortController();
    const running = chat.complete(messages, { signal: controller.signal });
    await started.promise;
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(AbortedError);
    expect(roles(messages)).toEqual(['user', 'assistant:paused', 'tool']);
    expect(messages.findToolCall('s')?.status).toBe('failed');
    expect(messages.toolResults().map((r) => `${r.callId}:${r.error?.kind}`)).toEqual(['s:aborted']);
    expect(messages.pendingToolCalls().map((c) => c.id)).toEqual(['q']);
    messages.approve('q');
    const reply = await chat.complete(messages);
    expect(reply.status).toBe('completed');
    expect(ran).toEqual(['slow', 'quick']);
    expect(roles(messages)).toEqual(['user', 'assistant:completed', 'tool', 'assistant:completed']);
  });

  it('reads the approval secret from CHAT_TS_APPROVAL_SECRET when the builder has none', async () => {
    const make = (script: Script, secret?: string) => {
      const runs: unknown[] = [];
      const gated = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: (a) => (runs.push(a), 'ok') });
      const builder = new ChatBuilder().withModel(new ScriptedProvider(script)).withTools([gated]);
      return { chat: (secret ? builder.withApprovalSecret(secret) : builder).build(), runs };
    };
    const saved = process.env.CHAT_TS_APPROVAL_SECRET;
    process.env.CHAT_TS_APPROVAL_SECRET = 'secret-from-the-environment';
    const messages = Messages.fromUser('x');
    try {
      await make([{ toolCalls: [{ id: 't', name: 'transfer', arguments: { amount: 1 } }] }]).chat.complete(messages);
    } finally {
      if (saved === undefined) delete process.env.CHAT_TS_APPROVAL_SECRET;
      else process.env.CHAT_TS_APPROVAL_SECRET = saved;
    }
    const saved1 = JSON.stringify(Messages.fromJSON(JSON.stringify(messages)).approve('t'));
    const withoutSecret = make([{ text: 'ok' }]);
    expect((await withoutSecret.chat.complete(Messages.fromJSON(saved1))).status).toBe('paused');
    expect(withoutSecret.runs).toEqual([]);
    const sameSecret = make([{ text: 'ok' }], 'secret-from-the-environment');
    expect((await sameSecret.chat.complete(Messages.fromJSON(saved1))).status).toBe('completed');
    expect(sameSecret.runs).toEqual([{ amount: 1 }]);
  });
});
