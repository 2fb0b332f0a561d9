import type { ModelStreamEvent, StepFinishEvent } from '../../../lib/core/stream-event.types';
import type { ToolCallPart } from '../../../lib/core/content-part.types';
import { InvalidRequestError, InvalidResponseError, ProviderOverloadedError, RateLimitError, ServerError } from '../../../lib/errors';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { FixtureServer, sseBody } from '../../support/fixture-server';
import { ask, collect, failure, streamFailure } from './completions-spec.helpers';

const chunk = (delta: unknown, finish: string | null = null, extra: object = {}): string =>
  JSON.stringify({ id: 'c1', model: 'srv-model', choices: [{ index: 0, delta, finish_reason: finish }], ...extra });
const tc = (call: object): string => chunk({ tool_calls: [call] });
const sse = (lines: string[], done = true) => ({ headers: { 'content-type': 'text/event-stream' }, body: sseBody(lines, { done }) });
const calls = (events: ModelStreamEvent[]): ToolCallPart[] =>
  (events.at(-1) as StepFinishEvent).response.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');

describe('untidy Chat Completions streams and bodies (served bytes)', () => {
  let server: FixtureServer;
  beforeAll(async () => (server = await FixtureServer.start()));
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const provider = (configure = (b: ChatCompletionsBuilder<true, true>) => b) =>
    configure(new ChatCompletionsBuilder().withBaseUrl(server.url('/v1')).withModel('m')).build();

  it('Mistral style: whole calls without index, one per chunk', async () => {
    server.enqueue(
      sse([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: null, tool_calls: [{ id: 'a1', function: { name: 'weather', arguments: '{"city": "Paris"}' } }] }),
        chunk({ tool_calls: [{ id: 'b2', function: { name: 'weather', arguments: '{"city": "Rome"}' } }] }, 'tool_calls'),
      ]),
    );
    const result = calls(await collect(provider().stream(ask('x'))));
    expect(result.map((c) => [c.id, c.arguments])).toEqual([
      ['a1', { city: 'Paris' }],
      ['b2', { city: 'Rome' }],
    ]);
  });

  it('missing ids, one index reused for two calls, repeated names, object arguments, name after arguments', async () => {
    server.enqueue(
      sse([
        tc({ index: 0, function: { name: 'first', arguments: '{"a":' } }),
        tc({ index: 0, function: { name: 'first', arguments: '1}' } }),
        tc({ index: 1, id: 'x1', function: { name: 'second', arguments: '' } }),
        tc({ index: 1, id: 'x2', function: { name: 'third', arguments: '{"c":3}' } }),
        tc({ index: 5, function: { arguments: { d: 4 } } }),
        tc({ index: 5, id: 'late', function: { name: 'fourth' } }),
        chunk({}, 'tool_calls'),
      ]),
    );
    const events = await collect(provider().stream(ask('x')));
    const result = calls(events);
    expect(result.map((c) => [c.name, c.arguments])).toEqual([
      ['first', { a: 1 }],
      ['second', {}],
      ['third', { c: 3 }],
      ['fourth', { d: 4 }],
    ]);
    expect(result[0].id).toMatch(/^call_/);
    expect(new Set(result.map((c) => c.id)).size).toBe(4);
    const starts = events.filter((e) => e.type === 'tool-call-start');
    expect(starts).toHaveLength(4);
  });

  it('arguments that never get a name are an InvalidResponseError', async () => {
    server.enqueue(sse([tc({ index: 0, function: { arguments: '{"a":1}' } }), chunk({}, 'tool_calls')]));
    expect(await streamFailure(provider().stream(ask('x')))).toBeInstanceOf(InvalidResponseError);
  });

  it('an in-stream {"error": ...} chunk and an `event: error` event end the stream with typed errors', async () => {
    server.enqueue(
      sse([chunk({ content: 'Hel' }), JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } })], false),
      {
        headers: { 'content-type': 'text/event-stream' },
        body: `${sseBody([chunk({ content: 'x' })], { done: false })}event: error\ndata: {"error":{"message":"Tool call validation failed","type":"invalid_request_error","code":"tool_use_failed","status_code":400}}\n\n`,
      },
      { headers: { 'content-type': 'text/event-stream' }, body: 'event: error\ndata: upstream exploded\n\n' },
    );
    const p = provider();
    const limited = await streamFailure(p.stream(ask('x')));
    expect(limited).toBeInstanceOf(RateLimitError);
    const invalid = await streamFailure(p.stream(ask('x')));
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect(invalid).toMatchObject({ code: 'tool_use_failed', status: 400 });
    const plain = await streamFailure(p.stream(ask('x')));
    expect(plain).toBeInstanceOf(ServerError);
    expect(plain.message).toContain('upstream exploded');
  });

  it('a stream cut before finish_reason and [DONE] is an error; [DONE] without finish_reason infers it', async () => {
    server.enqueue(sse([chunk({ content: 'Hello' })], false), sse([chunk({ content: 'Hello' })], true));
    const cut = await streamFailure(provider().stream(ask('x')));
    expect(cut).toBeInstanceOf(InvalidResponseError);
    expect(cut.message).toMatch(/ended before the answer finished/);
    const events = await collect(provider().stream(ask('x')));
    expect((events.at(-1) as StepFinishEvent).response.finishReason).toEqual({ unified: 'stop' });
  });

  it('CRLF framing, keep-alive comments, empty choices, other choices, usage only in x_groq', async () => {
    const body = [
      ': keep-alive',
      '',
      `data: ${JSON.stringify({ choices: [], prompt_filter_results: [{ prompt_index: 0 }], model: '' })}`,
      '',
      `data: ${JSON.stringify({ model: 'real', choices: [{ index: 1, delta: { content: 'WRONG' } }, { index: 0, delta: { content: 'Ri' } }] })}`,
      '',
      `data: ${chunk({ content: 'ght' }, 'stop', { x_groq: { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } } })}`,
      '',
      'data: [DONE]',
      '',
      '',
    ].join('\r\n');
    server.enqueue({ headers: { 'content-type': 'text/event-stream' }, body: [body.slice(0, 37), body.slice(37, 151), body.slice(151)] });
    const events = await collect(provider().stream(ask('x')));
    const { response } = events.at(-1) as StepFinishEvent;
    expect(response.parts).toEqual([{ type: 'text', text: 'Right' }]);
    expect(response.usage).toEqual({ inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    expect(response.metadata.model).toBe('real');
  });

  it('splits <think> tags across chunks into reasoning when asked', async () => {
    server.enqueue(sse([chunk({ content: '<thi' }), chunk({ content: 'nk>Let me see.</th' }), chunk({ content: 'ink>\n\nFour.' }, 'stop')]));
    const events = await collect(provider((b) => b.withThinkTags()).stream(ask('x')));
    const { response } = events.at(-1) as StepFinishEvent;
    expect(response.parts).toEqual([
      { type: 'reasoning', text: 'Let me see.', origin: { provider: 'completions', model: 'srv-model' } },
      { type: 'text', text: '\n\nFour.' },
    ]);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta).join('')).toBe('\n\nFour.');
  });

  it('whole bodies: error objects in a 200, no choices, Mistral content chunks, `reasoning`, double-encoded arguments', async () => {
    server.enqueue(
      { body: JSON.stringify({ error: { message: 'The server is overloaded', type: 'server_error' } }) },
      { body: JSON.stringify({ id: 'x', object: 'chat.completion', choices: [] }) },
      { body: '[1,2,3]' },
      {
        body: JSON.stringify({
          model: 'magistral',
          choices: [
            {
              finish_reason: 'tool_calls',
              message: {
                content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Hmm.' }] }, { type: 'text', text: 'Done.' }],
                reasoning: 'First.',
                tool_calls: [{ id: 't1', function: { name: 'f', arguments: JSON.stringify(JSON.stringify({ a: 1 })) } }],
              },
            },
          ],
          usage: { prompt_tokens: 4, completion_tokens: 6 },
        }),
      },
    );
    const p = provider();
    expect(await failure(p.complete(ask('x')))).toBeInstanceOf(ProviderOverloadedError);
    expect(await failure(p.complete(ask('x')))).toBeInstanceOf(InvalidResponseError);
    expect(await failure(p.complete(ask('x')))).toBeInstanceOf(InvalidResponseError);
    const res = await p.complete(ask('x'));
    expect(res.parts).toEqual([
      { type: 'reasoning', text: 'First.Hmm.', origin: { provider: 'completions', model: 'magistral' } },
      { type: 'text', text: 'Done.' },
      { type: 'tool-call', id: 't1', name: 'f', arguments: { a: 1 }, status: 'pending' },
    ]);
    expect(res.usage).toEqual({ inputTokens: 4, outputTokens: 6, totalTokens: 10 });
  });
});
