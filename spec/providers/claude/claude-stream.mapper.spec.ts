import type { ModelStreamEvent, StepFinishEvent } from '../../../lib/core/stream-event.types';
import { ChatError } from '../../../lib/errors/chat.error';
import { InvalidResponseError } from '../../../lib/errors/invalid-response.error';
import { ProviderOverloadedError } from '../../../lib/errors/provider-overloaded.error';
import { RateLimitError } from '../../../lib/errors/rate-limit.error';
import { ClaudeStreamMapper } from '../../../lib/providers/claude/claude-stream.mapper';
import { ClaudeBuilder } from '../../../lib/providers/claude/claude.builder';
import { CannedServer } from '../../support/claude-fixture-server';
import { CLAUDE_TEST_KEY, user } from '../../support/claude-emulator';

type Obj = Record<string, unknown>;

const start = (usage: Obj = { input_tokens: 10, output_tokens: 1 }, content: Obj[] = [], id = 'msg_1'): Obj => ({
  type: 'message_start',
  message: { id, type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content, stop_reason: null, usage },
});
const blockStart = (index: number, block: Obj): Obj => ({ type: 'content_block_start', index, content_block: block });
const delta = (index: number, d: Obj): Obj => ({ type: 'content_block_delta', index, delta: d });
const stop = (index: number): Obj => ({ type: 'content_block_stop', index });
const messageDelta = (reason: string | null, usage: Obj = { output_tokens: 5 }): Obj => ({ type: 'message_delta', delta: { stop_reason: reason }, usage });
const end: Obj = { type: 'message_stop' };

/** Runs events through a fresh mapper; returns the emitted events, or throws what the mapper threw. */
function run(events: readonly (Obj | string)[], jsonTool?: string): ModelStreamEvent[] {
  const mapper = new ClaudeStreamMapper({ model: 'claude-haiku-4-5', jsonTool });
  const out: ModelStreamEvent[] = [];
  for (const e of events) {
    const data = typeof e === 'string' ? e : JSON.stringify(e);
    mapper.onEvent({ event: typeof e === 'string' ? 'content_block_delta' : String(e.type), data }, (v) => out.push(v));
  }
  mapper.onEnd((v) => out.push(v));
  return out;
}

const finish = (events: readonly ModelStreamEvent[]): StepFinishEvent['response'] => (events[events.length - 1] as StepFinishEvent).response;
const textOf = (events: readonly ModelStreamEvent[]): string => events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');

function thrown(fn: () => unknown): ChatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChatError);
    return error as ChatError;
  }
  throw new Error('expected the mapper to throw');
}

describe('ClaudeStreamMapper', () => {
  it('keeps the final usage right when it arrives in pieces (message_start, then cumulative message_delta)', () => {
    const events = run([
      start({ input_tokens: 50, cache_read_input_tokens: 200, cache_creation_input_tokens: 10, output_tokens: 1 }),
      blockStart(0, { type: 'text', text: '' }),
      delta(0, { type: 'text_delta', text: 'hi' }),
      stop(0),
      messageDelta('end_turn', { output_tokens: 3 }),
      messageDelta(null, { output_tokens: 12, cache_read_input_tokens: null }),
      end,
    ]);
    expect(finish(events).usage).toEqual({ inputTokens: 260, outputTokens: 12, totalTokens: 272, cachedInputTokens: 200, cacheCreationTokens: 10 });
    expect(finish(events).finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
  });

  it.each([
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['stop_sequence', 'stop'],
    ['refusal', 'refusal'],
    ['pause_turn', 'pause'],
    ['something_new', 'other'],
  ])('maps stop_reason %s to %s', (raw, unified) => {
    expect(finish(run([start(), messageDelta(raw), end])).finishReason).toEqual({ unified, raw });
  });

  it('keeps redacted thinking opaque and ignores pings and unknown events', () => {
    const events = run([
      start(),
      { type: 'ping' },
      blockStart(0, { type: 'redacted_thinking', data: 'EqkECkYIBx-opaque' }),
      stop(0),
      { type: 'some_future_event', payload: 1 },
      blockStart(1, { type: 'text', text: '' }),
      delta(1, { type: 'text_delta', text: 'Done.' }),
      delta(1, { type: 'future_delta', x: 1 }),
      stop(1),
      messageDelta('end_turn'),
      end,
    ]);
    expect(finish(events).parts).toEqual([
      { type: 'reasoning', text: '', data: 'EqkECkYIBx-opaque', redacted: true, origin: { provider: 'claude', model: 'claude-haiku-4-5' } },
      { type: 'text', text: 'Done.' },
    ]);
  });

  it('accepts JSON padded with spaces before the closing brace', () => {
    const events = run([
      `${JSON.stringify(start()).slice(0, -1)}      }`,
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"padded"}   }',
      '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}        }',
      '{"type":"message_stop"          }',
    ]);
    expect(textOf(events)).toBe('padded');
  });

  it('tolerates odd order: deltas before their block start, missing block stops, events before message_start', () => {
    const events = run([
      delta(0, { type: 'text_delta', text: 'early ' }),
      start(),
      delta(0, { type: 'text_delta', text: 'text' }),
      blockStart(1, { type: 'tool_use', id: 'toolu_9', name: 'f', input: {} }),
      delta(1, { type: 'input_json_delta', partial_json: '{"a":' }),
      delta(1, { type: 'input_json_delta', partial_json: '1}' }),
      messageDelta('tool_use'),
      end,
    ]);
    const response = finish(events);
    expect(response.parts).toEqual([
      { type: 'text', text: 'early text' },
      expect.objectContaining({ type: 'tool-call', id: 'toolu_9', arguments: { a: 1 } }),
    ]);
    expect(events.filter((e) => e.type === 'tool-call-end')).toHaveLength(1);
  });

  it('merges several message cycles in one stream, adding their usage and keeping calls given whole in message_start', () => {
    const events = run([
      start({ input_tokens: 100, output_tokens: 1 }),
      blockStart(0, { type: 'text', text: '' }),
      delta(0, { type: 'text_delta', text: 'Rolling. ' }),
      stop(0),
      blockStart(1, { type: 'tool_use', id: 'toolu_a', name: 'roll', input: { player: 1 } }),
      stop(1),
      messageDelta('tool_use', { output_tokens: 20 }),
      end,
      start({ input_tokens: 150, output_tokens: 1 }, [{ type: 'tool_use', id: 'toolu_b', name: 'roll', input: { player: 2 } }], 'msg_2'),
      end,
      start({ input_tokens: 200, output_tokens: 1 }, [], 'msg_3'),
      blockStart(0, { type: 'text', text: '' }),
      delta(0, { type: 'text_delta', text: 'Player 2 wins.' }),
      stop(0),
      messageDelta('end_turn', { output_tokens: 30 }),
      end,
    ]);
    const response = finish(events);
    expect(textOf(events)).toBe('Rolling. Player 2 wins.');
    expect(response.parts.filter((p) => p.type === 'tool-call').map((p) => (p as { arguments: unknown }).arguments)).toEqual([{ player: 1 }, { player: 2 }]);
    expect(response.usage.inputTokens).toBe(450);
    expect(response.usage.outputTokens).toBe(51);
    expect(response.finishReason.raw).toBe('end_turn');
  });

  it('maps an error event (overloaded_error mid-stream) to a typed error', () => {
    const e = thrown(() => run([start(), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]));
    expect(e).toBeInstanceOf(ProviderOverloadedError);
    expect(e.code).toBe('overloaded_error');
    expect(e.isRetryable).toBe(true);
    expect(thrown(() => run([start(), { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }]))).toBeInstanceOf(RateLimitError);
  });

  it('gives typed errors for what cannot be understood', () => {
    expect(thrown(() => run(['{"type":"content_block_delta",']))).toBeInstanceOf(InvalidResponseError);
    expect(thrown(() => run(['[1,2]']))).toBeInstanceOf(InvalidResponseError);
    expect(thrown(() => run([start(), delta(3, { type: 'input_json_delta', partial_json: '{}' })]))).toBeInstanceOf(InvalidResponseError);
    expect(thrown(() => run([]))).toBeInstanceOf(InvalidResponseError);
    const cut = thrown(() => run([start(), blockStart(0, { type: 'text', text: '' }), delta(0, { type: 'text_delta', text: 'half' })]));
    expect(cut).toBeInstanceOf(InvalidResponseError);
    expect(cut.isRetryable).toBe(true);
    const lastCycleCut = [start(), messageDelta('tool_use'), end, start(undefined, [], 'msg_2'), blockStart(0, { type: 'text', text: '' })];
    expect(thrown(() => run(lastCycleCut))).toBeInstanceOf(InvalidResponseError);
    expect(thrown(() => run([start(), { type: 'content_block_start', index: 0 }]))).toBeInstanceOf(InvalidResponseError);
  });

  it('holds text back in json-tool mode and releases it when no json tool call came', () => {
    const events = run([start(), blockStart(0, { type: 'text', text: '' }), delta(0, { type: 'text_delta', text: '{"a":1}' }), stop(0), messageDelta('end_turn'), end], 'json');
    expect(textOf(events)).toBe('{"a":1}');
    expect(finish(events).parts).toEqual([{ type: 'text', text: '{"a":1}' }]);
  });
});

describe('Claude stream error events over a socket', () => {
  let server: CannedServer;
  beforeAll(async () => {
    server = await CannedServer.start();
  });
  afterAll(() => server.close());

  it('ends the Observable with ProviderOverloadedError when an overloaded_error event follows some text', async () => {
    const frame = (o: Obj): string => `event: ${String(o.type)}\ndata: ${JSON.stringify(o)}\n\n`;
    server.serve({
      frames: [
        frame(start()),
        frame(blockStart(0, { type: 'text', text: '' })),
        frame(delta(0, { type: 'text_delta', text: 'Hel' })),
        frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      ],
    });
    const claude = new ClaudeBuilder().withModel('claude-haiku-4-5').withApiKey(CLAUDE_TEST_KEY).withBaseUrl(server.url).build();
    const seen: ModelStreamEvent[] = [];
    const error = await new Promise<unknown>((resolve) => {
      claude.stream({ messages: [user('hi')] }).subscribe({ next: (e) => seen.push(e), error: resolve, complete: () => resolve(undefined) });
    });
    expect(seen.filter((e) => e.type === 'text-delta')).toEqual([{ type: 'text-delta', delta: 'Hel' }]);
    expect(error).toBeInstanceOf(ProviderOverloadedError);
    expect((error as ChatError).providerMessage).toBe('Overloaded');
  });
});
