import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { ModelStreamEvent, StepFinishEvent, StreamEvent } from '../../../lib/core/stream-event.types';
import { InvalidResponseError } from '../../../lib/errors/invalid-response.error';
import { ClaudeStreamMapper } from '../../../lib/providers/claude/claude-stream.mapper';
import { ClaudeBuilder } from '../../../lib/providers/claude/claude.builder';
import { CannedServer } from '../../support/claude-fixture-server';
import { CLAUDE_TEST_KEY } from '../../support/claude-emulator';
import { makeTool, requireCity } from '../../support/test-tools';

type Obj = Record<string, unknown>;

const start = (id: string, usage: Obj = { input_tokens: 100, output_tokens: 1 }): Obj => ({
  type: 'message_start',
  message: { id, type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage },
});
const blockStart = (index: number, block: Obj): Obj => ({ type: 'content_block_start', index, content_block: block });
const delta = (index: number, d: Obj): Obj => ({ type: 'content_block_delta', index, delta: d });
const stop = (index: number): Obj => ({ type: 'content_block_stop', index });
const messageDelta = (reason: string, usage: Obj = { output_tokens: 20 }): Obj => ({ type: 'message_delta', delta: { stop_reason: reason }, usage });
const end: Obj = { type: 'message_stop' };
const frame = (o: Obj): string => `event: ${String(o.type)}\ndata: ${JSON.stringify(o)}\n\n`;

function run(events: readonly Obj[]): ModelStreamEvent[] {
  const mapper = new ClaudeStreamMapper({ model: 'claude-haiku-4-5' });
  const out: ModelStreamEvent[] = [];
  for (const e of events) mapper.onEvent({ event: String(e.type), data: JSON.stringify(e) }, (v) => out.push(v));
  mapper.onEnd((v) => out.push(v));
  return out;
}

const finish = (events: readonly ModelStreamEvent[]): StepFinishEvent['response'] => (events[events.length - 1] as StepFinishEvent).response;

/** A weather call for Paris whose arguments are still open when a second message (a Rome call) is spliced in. */
const SPLICED: Obj[] = [
  start('msg_A'),
  blockStart(0, { type: 'tool_use', id: 'toolu_A', name: 'weather', input: {} }),
  delta(0, { type: 'input_json_delta', partial_json: '{"city":"Pa' }),
  start('msg_B'),
  blockStart(0, { type: 'tool_use', id: 'toolu_B', name: 'weather', input: {} }),
  delta(0, { type: 'input_json_delta', partial_json: 'ris"}' }),
  stop(0),
  messageDelta('tool_use'),
  end,
];

describe('Claude stream: a repeated message_start', () => {
  const text = [blockStart(0, { type: 'text', text: '' }), delta(0, { type: 'text_delta', text: 'Hello' }), stop(0)];

  it.each([
    ['right after the first (same id)', [start('msg_1'), start('msg_1'), ...text, messageDelta('end_turn'), end]],
    ['after the content (same id)', [start('msg_1'), ...text, start('msg_1'), messageDelta('end_turn'), end]],
    ['after message_delta (same id)', [start('msg_1'), ...text, messageDelta('end_turn'), start('msg_1'), end]],
    ['after message_stop (same id)', [start('msg_1'), ...text, messageDelta('end_turn'), end, start('msg_1'), end]],
    ['right after the first (no id)', [start(''), { type: 'message_start', message: { usage: { input_tokens: 100, output_tokens: 1 } } }, ...text, messageDelta('end_turn'), end]],
  ])('%s counts the usage once and keeps the text once', (_name, events) => {
    const out = run(events);
    const response = finish(out);
    expect(response.usage).toMatchObject({ inputTokens: 100, outputTokens: 20, totalTokens: 120 });
    expect(response.parts).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(out.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta)).toEqual(['Hello']);
  });

  it('still adds up the usage of distinct message cycles (an agent loop recorded into one stream)', () => {
    const response = finish(run([start('msg_1'), ...text, messageDelta('end_turn'), end, start('msg_2', { input_tokens: 150, output_tokens: 1 }), ...text, messageDelta('end_turn'), end]));
    expect(response.usage).toMatchObject({ inputTokens: 250, outputTokens: 40 });
    expect(response.metadata.id).toBe('msg_2');
  });

  it('takes the id of a second message_start that came before anything else', () => {
    expect(finish(run([start('msg_1'), start('msg_2'), ...text, messageDelta('end_turn'), end])).metadata.id).toBe('msg_2');
  });
});

describe('Claude stream: a second message spliced in before the first finished', () => {
  it('ends the stream with a typed InvalidResponseError naming the open tool call, before any tool-call-end', () => {
    const out: ModelStreamEvent[] = [];
    const mapper = new ClaudeStreamMapper({ model: 'claude-haiku-4-5' });
    let error: unknown;
    try {
      for (const e of SPLICED) mapper.onEvent({ event: String(e.type), data: JSON.stringify(e) }, (v) => out.push(v));
      mapper.onEnd((v) => out.push(v));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).message).toMatch(/second message \(msg_B\).*toolu_A/);
    expect((error as InvalidResponseError).isRetryable).toBe(false);
    expect(out.some((e) => e.type === 'tool-call-end' || e.type === 'step-finish')).toBe(false);
  });

  it('also refuses a splice into open text (the text would be stitched from two messages)', () => {
    const events = [start('msg_A'), blockStart(0, { type: 'text', text: '' }), delta(0, { type: 'text_delta', text: 'Hel' }), start('msg_B'), messageDelta('end_turn'), end];
    expect(() => run(events)).toThrow(InvalidResponseError);
  });

  describe('through Chat with a tool, over a local server sending the spliced stream', () => {
    let server: CannedServer;
    beforeAll(async () => (server = await CannedServer.start()));
    afterAll(() => server.close());

    const ran: unknown[] = [];
    const weather = makeTool({ name: 'weather', validate: requireCity, execute: (args: unknown) => (ran.push(args), 'sunny') });
    const chat = () =>
      new ChatBuilder()
        .withModel(new ClaudeBuilder().withModel('claude-haiku-4-5').withApiKey(CLAUDE_TEST_KEY).withBaseUrl(server.url).build())
        .withTools([weather])
        .build();

    beforeEach(() => ran.splice(0));

    it('stream(): never runs the tool, fails with InvalidResponseError and leaves no runnable call behind', async () => {
      server.serve({ frames: SPLICED.map(frame) });
      const messages = Messages.fromUser('Weather in Paris?');
      const seen: StreamEvent<unknown>[] = [];
      const error = await lastValueFrom(chat().stream(messages).pipe(toArray())).then(
        (events) => (seen.push(...events), undefined),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(ran).toEqual([]);
      expect(seen.some((e) => e.type === 'tool-result')).toBe(false);
      expect(server.requests).toHaveLength(1); // no follow-up request carried a tool result
      const last = messages.toArray().at(-1)!;
      if (last.role === 'assistant') {
        expect(last.status).toBe('interrupted');
        for (const part of last.parts) if (part.type === 'tool-call') expect(part.status).not.toBe('pending');
      }
      expect(messages.toArray().some((m) => m.parts.some((p) => p.type === 'tool-result' && !p.isError))).toBe(false);
    });
  });
});
