import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import type { ToolCallPart } from '../../../lib/core/content-part.types';
import type { JsonObject } from '../../../lib/core/json.types';
import { Messages } from '../../../lib/core/messages';
import type { Message } from '../../../lib/core/message.types';
import type { FinishEvent, ModelStreamEvent } from '../../../lib/core/stream-event.types';
import { InvalidResponseError } from '../../../lib/errors';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ResponsesFixtureServer } from '../../support/responses-fixture-server';
import { collect, deltas, finalResponse, textOf, userText } from '../../support/responses-helpers';
import { makeTool, requireCity } from '../../support/test-tools';

type Obj = Record<string, unknown>;

const textOfMessage = (m: Message): string => m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');

const SSE = { 'content-type': 'text/event-stream' };
const frame = (o: Obj): string => `event: ${String(o.type)}\ndata: ${JSON.stringify(o)}\n\n`;
const stream = (...events: Obj[]) => ({ status: 200, headers: SSE, frames: events.map(frame) });
const created = { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', model: 'gpt-5-mini', output: [] } };
const completed = (output: Obj[], id = 'resp_1'): Obj => ({
  type: 'response.completed',
  response: { id, status: 'completed', model: 'gpt-5-mini', output, usage: { input_tokens: 10, output_tokens: 5 } },
});

const reasoningItem = (id: string, text: string): Obj => ({ id, type: 'reasoning', summary: [{ type: 'summary_text', text }], encrypted_content: 'enc-1' });
const messageItem = (id: string, text: string): Obj => ({ id, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] });
const callItem = (id: string, callId: string, name: string, args: string): Obj => ({ id, type: 'function_call', call_id: callId, name, arguments: args, status: 'completed' });

/** A reasoning summary, a text and a weather call, streamed with ids `*_stream`; the completed payload names them `*_final`. */
function rotatedStep(): ReturnType<typeof stream> {
  return stream(
    created,
    { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_stream', type: 'reasoning', summary: [] } },
    { type: 'response.reasoning_summary_part.added', item_id: 'rs_stream', output_index: 0, summary_index: 0 },
    { type: 'response.reasoning_summary_text.delta', item_id: 'rs_stream', output_index: 0, summary_index: 0, delta: 'Need the weather.' },
    { type: 'response.output_item.done', output_index: 0, item: reasoningItem('rs_stream', 'Need the weather.') },
    { type: 'response.output_item.added', output_index: 1, item: { id: 'msg_stream', type: 'message', role: 'assistant', content: [] } },
    { type: 'response.output_text.delta', item_id: 'msg_stream', output_index: 1, content_index: 0, delta: 'Let me ' },
    { type: 'response.output_text.delta', item_id: 'msg_stream', output_index: 1, content_index: 0, delta: 'check.' },
    { type: 'response.output_item.done', output_index: 1, item: messageItem('msg_stream', 'Let me check.') },
    { type: 'response.output_item.added', output_index: 2, item: { id: 'fc_stream', type: 'function_call', call_id: 'call_w', name: 'weather', arguments: '' } },
    { type: 'response.function_call_arguments.delta', item_id: 'fc_stream', output_index: 2, delta: '{"city":"Oslo"}' },
    { type: 'response.output_item.done', output_index: 2, item: callItem('fc_stream', 'call_w', 'weather', '{"city":"Oslo"}') },
    completed([reasoningItem('rs_final', 'Need the weather.'), messageItem('msg_final', 'Let me check.'), callItem('fc_final', 'call_w', 'weather', '{"city":"Oslo"}')]),
  );
}

const PARALLEL_ARGS = JSON.stringify({
  tool_uses: [
    { recipient_name: 'functions.weather', parameters: { city: 'Oslo' } },
    { recipient_name: 'functions.weather', parameters: { city: 'Rome' } },
  ],
});
const wrapper = callItem('fc_p', 'call_p', 'multi_tool_use.parallel', PARALLEL_ARGS);

describe('Responses streams that are untidy', () => {
  let server: ResponsesFixtureServer;
  beforeAll(async () => (server = await ResponsesFixtureServer.start()));
  afterAll(() => server.close());
  const provider = () => new ResponsesBuilder().withBaseUrl(server.url).withModel('gpt-5-mini').withProviderId('openai').build();

  const ran: string[] = [];
  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }: { city: string }) => (ran.push(city), `${city}: 12C`) });
  beforeEach(() => ran.splice(0));
  const chat = () => new ChatBuilder().withModel(provider()).withTools([weather]).build();
  /** The input items of the last request the server received (the loop's second one). */
  const lastInput = (): JsonObject[] => (JSON.parse(server.received.at(-1)!.body) as { input: JsonObject[] }).input;

  describe('item ids rotated between the events and response.completed', () => {
    it('gives each text and reasoning once in the final response', async () => {
      server.serve(rotatedStep());
      const events = await collect(provider().stream({ messages: [userText('Weather in Oslo?')] }));
      const response = finalResponse(events);
      expect(textOf(response)).toBe('Let me check.');
      expect(response.parts.map((p) => p.type)).toEqual(['reasoning', 'text', 'tool-call']);
      expect(response.parts[0]).toMatchObject({ text: 'Need the weather.', signature: 'rs_final' });
      expect(deltas(events, 'text-delta')).toBe('Let me check.');
      expect(events.filter((e) => e.type === 'tool-call-end')).toHaveLength(1);
    });

    it('also when the deltas carry a rotated item id and no output index', async () => {
      server.serve(
        stream(
          created,
          { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_a', type: 'message', role: 'assistant', content: [] } },
          { type: 'response.output_text.delta', item_id: 'msg_b', content_index: 0, delta: 'Hello' },
          completed([messageItem('msg_c', 'Hello')]),
        ),
      );
      const response = finalResponse(await collect(provider().stream({ messages: [userText('hi')] })));
      expect(response.parts).toEqual([{ type: 'text', text: 'Hello' }]);
    });

    it('sends no duplicated history back in a two-step tool loop through Chat, and the answer holds its text once', async () => {
      server.serve(
        rotatedStep(),
        stream(
          created,
          { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_s2', type: 'message', role: 'assistant', content: [] } },
          { type: 'response.output_text.delta', item_id: 'msg_s2', output_index: 0, content_index: 0, delta: 'Oslo: 12C.' },
          completed([messageItem('msg_f2', 'Oslo: 12C.')], 'resp_2'),
        ),
      );
      const messages = Messages.fromUser('Weather in Oslo?');
      const events = await lastValueFrom(chat().stream(messages).pipe(toArray()));
      const finish = events.at(-1) as FinishEvent;
      expect(finish.type).toBe('finish');
      expect(textOfMessage(finish.message)).toBe('Oslo: 12C.');
      expect(ran).toEqual(['Oslo']);
      const input = lastInput();
      expect(input.map((i) => i.type ?? i.role)).toEqual(['user', 'reasoning', 'assistant', 'function_call', 'function_call_output']);
      expect(input[1]).toMatchObject({ id: 'rs_final', summary: [{ type: 'summary_text', text: 'Need the weather.' }] });
      expect(input[2]).toEqual({ role: 'assistant', content: 'Let me check.' });
      expect(input[3]).toMatchObject({ call_id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' });
      const assistant = messages.toArray().filter((m) => m.role === 'assistant');
      expect(assistant.map(textOfMessage)).toEqual(['Let me check.', 'Oslo: 12C.']);
    });
  });

  it('streams the rest of a text when its .done event goes on from the deltas (lost deltas), so the deltas add up to the answer', async () => {
    server.serve(
      stream(
        created,
        { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
        { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Got it' },
        { type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text: 'Got it, checking.' },
        completed([messageItem('msg_1', 'Got it, checking.')]),
      ),
    );
    const events = await collect(provider().stream({ messages: [userText('hi')] }));
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta)).toEqual(['Got it', ', checking.']);
    expect(textOf(finalResponse(events))).toBe('Got it, checking.');
  });

  describe('a multi_tool_use.parallel wrapper call', () => {
    const expectExpanded = (calls: ToolCallPart[]): void =>
      expect(calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }))).toEqual([
        { id: 'call_p_0', name: 'weather', arguments: { city: 'Oslo' } },
        { id: 'call_p_1', name: 'weather', arguments: { city: 'Rome' } },
      ]);

    it('is expanded into its calls in a stream, with no events for the wrapper itself', async () => {
      server.serve(
        stream(
          created,
          { type: 'response.output_item.added', output_index: 0, item: { ...wrapper, arguments: '', status: 'in_progress' } },
          { type: 'response.function_call_arguments.delta', item_id: 'fc_p', output_index: 0, delta: PARALLEL_ARGS.slice(0, 30) },
          { type: 'response.function_call_arguments.delta', item_id: 'fc_p', output_index: 0, delta: PARALLEL_ARGS.slice(30) },
          { type: 'response.output_item.done', output_index: 0, item: wrapper },
          completed([wrapper]),
        ),
      );
      const events = await collect(provider().stream({ messages: [userText('Oslo and Rome?')] }));
      const response = finalResponse(events);
      expectExpanded(response.parts.filter((p): p is ToolCallPart => p.type === 'tool-call'));
      const callEvents = events.filter((e) => e.type.startsWith('tool-call'));
      expect(callEvents.map((e) => `${e.type}:${'id' in e ? e.id : (e as { call: ToolCallPart }).call.id}`)).toEqual([
        'tool-call-start:call_p_0',
        'tool-call-end:call_p_0',
        'tool-call-start:call_p_1',
        'tool-call-end:call_p_1',
      ]);
    });

    it('is expanded in a JSON (non-streamed) response', async () => {
      server.serve({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(completed([wrapper]).response) });
      const response = await provider().complete({ messages: [userText('Oslo and Rome?')] });
      expectExpanded(response.parts.filter((p): p is ToolCallPart => p.type === 'tool-call'));
      expect(response.finishReason.unified).toBe('tool-calls');
    });

    it('runs each tool through Chat and answers each call id', async () => {
      server.serve(
        stream(created, { type: 'response.output_item.done', output_index: 0, item: wrapper }, completed([wrapper])),
        stream(created, completed([messageItem('msg_2', 'Oslo 12C, Rome 12C.')], 'resp_2')),
      );
      const finish = (await lastValueFrom(chat().stream(Messages.fromUser('Oslo and Rome?')).pipe(toArray()))).at(-1) as FinishEvent;
      expect(finish.type).toBe('finish');
      expect(textOfMessage(finish.message)).toBe('Oslo 12C, Rome 12C.');
      expect(ran.sort()).toEqual(['Oslo', 'Rome']);
      const input = lastInput();
      expect(input.filter((i) => i.type === 'function_call').map((i) => [i.call_id, i.name, i.arguments])).toEqual([
        ['call_p_0', 'weather', '{"city":"Oslo"}'],
        ['call_p_1', 'weather', '{"city":"Rome"}'],
      ]);
      expect(input.filter((i) => i.type === 'function_call_output').map((i) => i.call_id)).toEqual(['call_p_0', 'call_p_1']);
    });

    it('stays one call when its arguments are not the wrapper shape', async () => {
      const odd = callItem('fc_o', 'call_o', 'multi_tool_use.parallel', '{"uses":[]}');
      server.serve(stream(created, { type: 'response.output_item.done', output_index: 0, item: odd }, completed([odd])));
      const response = finalResponse(await collect(provider().stream({ messages: [userText('x')] })));
      expect(response.parts).toMatchObject([{ type: 'tool-call', id: 'call_o', name: 'multi_tool_use.parallel' }]);
    });
  });

  describe('one event of an unknown type or shape', () => {
    const text = (delta: unknown): Obj => ({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta });

    it.each([
      ['an unknown type', { type: 'response.brand_new_thing', output_index: 0, payload: { x: 1 } }, /unknown type \(response\.brand_new_thing\)/],
      ['a text delta that is a number', text(42), /delta is not a string/],
      ['an item that is a string', { type: 'response.output_item.added', output_index: 1, item: 'msg' }, /item is not an object/],
      ['an index that is not an index', { ...text('!'), output_index: 'zero' }, /output_index is not an index/],
    ])('%s is skipped with a warning event; the rest gives the right answer', async (_name, odd, warning) => {
      server.serve(
        stream(
          created,
          { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
          text('Hello '),
          odd,
          text('world'),
          completed([messageItem('msg_1', 'Hello world')]),
        ),
      );
      const events: ModelStreamEvent[] = await collect(provider().stream({ messages: [userText('hi')] }));
      expect(textOf(finalResponse(events))).toBe('Hello world');
      expect(deltas(events, 'text-delta')).toBe('Hello world');
      const warnings = events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(warning);
      expect(warnings[0]).toMatch(/skipped/);
    });

    it.each([
      ['a number', '42'],
      ['an array', '[{"type":"response.output_text.delta","delta":"x"}]'],
      ['null', 'null'],
      ['a string', '"response.output_text.delta"'],
    ])('JSON that is %s is skipped with a warning; the rest gives the right answer', async (_name, data) => {
      const frames = [
        frame(created),
        frame({ type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } }),
        frame(text('Hello ')),
        `data: ${data}\n\n`,
        frame(text('world')),
        frame(completed([messageItem('msg_1', 'Hello world')])),
      ];
      server.serve({ status: 200, headers: SSE, frames });
      const events: ModelStreamEvent[] = await collect(provider().stream({ messages: [userText('hi')] }));
      expect(textOf(finalResponse(events))).toBe('Hello world');
      const warnings = events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message);
      expect(warnings).toEqual([expect.stringMatching(/stream event that is not a JSON object.*skipped/)]);
    });

    it('an event whose JSON does not parse still ends the stream with a typed error (not retried: it is not paid twice)', async () => {
      server.serve({ status: 200, headers: SSE, frames: [frame(created), frame(text('Hello ')), 'data: {"type":"response.output_text.delta",\n\n'] });
      const error = await collect(provider().stream({ messages: [userText('hi')] })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidResponseError);
    });

    it('documented events with nothing to read (content parts, tool progress) give no warning', async () => {
      server.serve(
        stream(
          created,
          { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '' } },
          { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 0 },
          { type: 'keepalive' },
          completed([messageItem('msg_1', 'Hi')]),
        ),
      );
      const events = await collect(provider().stream({ messages: [userText('hi')] }));
      expect(events.some((e) => e.type === 'warning')).toBe(false);
      expect(textOf(finalResponse(events))).toBe('Hi');
    });
  });
});
