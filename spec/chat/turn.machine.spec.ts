import { ChatBuilder } from '../../lib/chat';
import type { ToolCallPart, ToolResultPart } from '../../lib/core/content-part.types';
import type { Message } from '../../lib/core/message.types';
import { Messages } from '../../lib/core/messages';
import { IllegalTurnTransitionError } from '../../lib/errors';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { ProviderEmulator } from '../../lib/testing';
import {
  closeAbandonedPauses,
  closeUnanswered,
  placeResults,
  releaseQueuedInput,
  TURN_TRANSITIONS,
  TurnMachine,
  withCallStatus,
  withMessageStatus,
  type TurnPhase,
} from '../../lib/chat/turn.machine';
import { makeTool } from '../support/test-tools';

const PHASES = Object.keys(TURN_TRANSITIONS) as TurnPhase[];
const legal = PHASES.flatMap((from) => TURN_TRANSITIONS[from].map((to) => [from, to] as const));
const illegal = PHASES.flatMap((from) => PHASES.filter((to) => !TURN_TRANSITIONS[from].includes(to)).map((to) => [from, to] as const));

const call = (id: string, status: ToolCallPart['status'] = 'running'): ToolCallPart => ({ type: 'tool-call', id, name: 'weather', arguments: { city: 'Paris' }, status });
const assistant = (...calls: ToolCallPart[]): Message => ({ role: 'assistant', parts: calls, status: 'completed' });
const result = (callId: string): ToolResultPart => ({ type: 'tool-result', callId, name: 'weather', content: 'ok' });

describe('turn machine: the states of a turn', () => {
  it('has the states the docs name, in the order a turn goes through them', () => {
    expect(PHASES).toEqual(['requesting', 'streaming', 'tools', 'awaiting-approval', 'repairing', 'done', 'interrupted', 'failed']);
    expect(new TurnMachine().phase).toBe('requesting');
  });

  it.each(legal)('moves %s → %s', (from, to) => {
    const machine = new TurnMachine(from);
    machine.to(to);
    expect(machine.phase).toBe(to);
  });

  it.each(illegal)('refuses %s → %s with a typed error, and stays where it was', (from, to) => {
    const machine = new TurnMachine(from);
    let error: unknown;
    try {
      machine.to(to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTurnTransitionError);
    expect(error).toMatchObject({ from, to, isRetryable: false });
    expect(machine.phase).toBe(from);
  });

  it('ends a running turn as interrupted or failed, once; the terminal states lead nowhere', () => {
    const cut = new TurnMachine('streaming');
    cut.end('interrupted');
    cut.end('failed'); // already ended: kept
    expect(cut.phase).toBe('interrupted');
    const failed = new TurnMachine('tools');
    failed.end('failed');
    expect(failed.phase).toBe('failed');
    expect(TURN_TRANSITIONS.interrupted).toEqual([]);
    expect(TURN_TRANSITIONS.failed).toEqual([]);
    // a finished turn cut before its write-back is interrupted; nothing else follows `done`
    const late = new TurnMachine('done');
    late.end('interrupted');
    expect(late.phase).toBe('interrupted');
    expect(() => new TurnMachine('done').end('failed')).toThrow(IllegalTurnTransitionError);
  });
});

describe('turn machine: value transitions make new, frozen values', () => {
  it('a call status change returns a new message; the old message and call are untouched', () => {
    const before = assistant(call('a', 'pending'), call('b', 'pending'));
    const after = withCallStatus(before, 'a', 'approved', { decidedBy: 'ana' });
    expect(after).not.toBe(before);
    expect(after.parts[0]).toMatchObject({ id: 'a', status: 'approved', approval: { decidedBy: 'ana' } });
    expect(after.parts[1]).toBe(before.parts[1]);
    expect(before.parts[0]).toMatchObject({ status: 'pending' });
    expect((before.parts[0] as ToolCallPart).approval).toBeUndefined();
  });

  it('freezes what it makes outside production: a change in place throws (strict mode)', () => {
    const message = withMessageStatus(assistant(call('a')), 'paused');
    expect(Object.isFrozen(message)).toBe(true);
    expect(Object.isFrozen(message.parts)).toBe(true);
    expect(Object.isFrozen(message.parts[0])).toBe(true);
    expect(() => {
      (message as { status?: string }).status = 'completed';
    }).toThrow(TypeError);
    expect(() => {
      (message.parts[0] as { status: string }).status = 'completed';
    }).toThrow(TypeError);
    expect(() => (message.parts as ToolCallPart[]).push(call('x'))).toThrow(TypeError);
    expect(message.status).toBe('paused');
  });

  it('does not freeze in production (the check is one flag read once)', () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { frozenMessage } = require('../../lib/core/frozen-message.helpers') as typeof import('../../lib/core/frozen-message.helpers');
        expect(Object.isFrozen(frozenMessage({ role: 'user', parts: [] }))).toBe(false);
      });
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('places results after their message in call order, into a new tool message value', () => {
    const message = assistant(call('a'), call('b'));
    const turn: Message[] = [message];
    placeResults(turn, message, [result('b')]);
    const first = turn[1];
    placeResults(turn, message, [result('a')]);
    expect(turn[1]).not.toBe(first);
    expect(first.parts.map((p) => (p as ToolResultPart).callId)).toEqual(['b']);
    expect(turn[1].parts.map((p) => (p as ToolResultPart).callId)).toEqual(['a', 'b']);
  });

  it('closes unanswered calls as failed with an aborted result; waiting calls stay', () => {
    const message = assistant(call('a', 'running'), call('b', 'pending'));
    const turn: Message[] = [message];
    closeUnanswered(turn);
    expect(turn[0]).not.toBe(message);
    expect(turn[0].parts.map((p) => (p as ToolCallPart).status)).toEqual(['failed', 'pending']);
    expect(turn[1].parts).toEqual([expect.objectContaining({ callId: 'a', isError: true, error: expect.objectContaining({ kind: 'aborted' }) })]);
    expect(message.parts[0]).toMatchObject({ status: 'running' });
  });

  it('closes an abandoned pause through replace/insert, and releases queued input', () => {
    const paused: Message = { role: 'assistant', parts: [call('a', 'pending')], status: 'paused' };
    const queued: Message = { role: 'user', parts: [{ type: 'text', text: 'later' }], queued: true };
    const items: Message[] = [paused, queued, { role: 'user', parts: [{ type: 'text', text: 'new' }] }];
    closeAbandonedPauses(items, items.length, (at, m) => (items[at] = m), (at, m) => items.splice(at, 0, m));
    expect(items.map((m) => m.role)).toEqual(['assistant', 'tool', 'user', 'user']);
    expect(items[0]).toMatchObject({ status: 'interrupted', parts: [{ status: 'rejected', approval: { reason: 'No decision before the conversation moved on' } }] });
    expect(items[2].queued).toBeUndefined();
    expect(paused.status).toBe('paused');
    expect(queued.queued).toBe(true);
    const list = [queued];
    releaseQueuedInput(list);
    expect(list[0]).not.toBe(queued);
    expect(list[0].queued).toBeUndefined();
  });
});

describe('turn machine: what the engine hands out', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const provider = () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').build();

  it('writes frozen messages; approve() replaces the call instead of changing it', async () => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'transfer', arguments: { amount: 5 } }] }, { text: 'Done.' }]);
    const runs: unknown[] = [];
    const transfer = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: (a) => (runs.push(a), 'ok') });
    const chat = new ChatBuilder().withModel(provider()).withTools([transfer]).build();
    const messages = Messages.fromUser('Send 5');
    expect((await chat.complete(messages)).status).toBe('paused');
    const held = messages.findToolCall('call_1')!;
    expect(Object.isFrozen(messages.last())).toBe(true);
    expect(() => {
      (held as { status: string }).status = 'approved';
    }).toThrow(TypeError);
    messages.approve('call_1', { decidedBy: 'ana' });
    expect(held.status).toBe('pending');
    expect(messages.findToolCall('call_1')).toMatchObject({ status: 'approved', approval: { decidedBy: 'ana' } });
    const reply = await chat.complete(messages);
    expect(reply.status).toBe('completed');
    expect(runs).toEqual([{ amount: 5 }]);
    expect(messages.findToolCall('call_1')?.status).toBe('completed');
    expect(messages.toArray().every((m) => m.role === 'user' || Object.isFrozen(m))).toBe(true);
    const answer = messages.last()!.parts[0];
    expect(answer).toMatchObject({ type: 'text', text: 'Done.' });
    expect(Object.isFrozen(answer)).toBe(true); // text parts too: a provider builds new ones, nothing changes them after
    expect(() => {
      (answer as { text: string }).text = 'changed';
    }).toThrow(TypeError);
  });
});
