import type { Message } from '../../../lib/core/message.types';
import type { JsonObject } from '../../../lib/core/json.types';
import type { ToolSpec } from '../../../lib/core/provider.types';
import { UnsupportedFeatureError } from '../../../lib/errors/unsupported-feature.error';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { claudeOn, newSession, rejection, user } from '../../support/claude-emulator';

describe('ClaudeProvider.complete()', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  it('returns text, usage (cache reads counted in the input), finish reason and metadata', async () => {
    const s = newSession();
    emulator.script([{ text: 'Bonjour !', usage: { input: 120, output: 7, cached: 100 } }], s);
    const response = await claudeOn(emulator, s).complete({ messages: [user('Say hello in French')] });
    expect(response.parts).toEqual([{ type: 'text', text: 'Bonjour !' }]);
    expect(response.usage).toEqual({ inputTokens: 120, outputTokens: 7, totalTokens: 127, cachedInputTokens: 100, cacheCreationTokens: 0 });
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(response.metadata).toEqual({ id: expect.stringMatching(/^msg_/), model: 'claude-sonnet-4-5', provider: 'claude' });
  });

  it('keeps thinking with its signature as a reasoning part that records provider and model, and sends it back next turn', async () => {
    const s = newSession();
    emulator.script([{ reasoning: 'The user wants 2+2.', reasoningSignature: 'EqQBCgIYAhIM-signed', text: '4' }, { text: 'Still 4.' }], s);
    const claude = claudeOn(emulator, s, (b) => b.withThinking(2048));
    const first = await claude.complete({ messages: [user('2+2?')] });
    expect(first.parts).toEqual([
      { type: 'reasoning', text: 'The user wants 2+2.', signature: 'EqQBCgIYAhIM-signed', origin: { provider: 'claude', model: 'claude-sonnet-4-5' } },
      { type: 'text', text: '4' },
    ]);
    const conversation: Message[] = [user('2+2?'), { role: 'assistant', parts: first.parts }, user('Sure?')];
    await claude.complete({ messages: conversation });
    const second = emulator.requests(s)[1].body as JsonObject;
    expect((second.messages as JsonObject[])[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'The user wants 2+2.', signature: 'EqQBCgIYAhIM-signed' },
        { type: 'text', text: '4' },
      ],
    });
  });

  it('returns parallel tool calls with parsed arguments and a tool-calls finish', async () => {
    const s = newSession();
    emulator.script(
      [{ text: 'Let me check both.', toolCalls: [{ id: 'toolu_a', name: 'getWeather', arguments: { city: 'Paris' } }, { id: 'toolu_b', name: 'getTime', arguments: { zone: 'CET' } }] }],
      s,
    );
    const tools: ToolSpec[] = [
      { name: 'getWeather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'getTime', description: 'time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
    ];
    const response = await claudeOn(emulator, s).complete({ messages: [user('Weather and time in Paris?')], tools });
    expect(response.parts).toEqual([
      { type: 'text', text: 'Let me check both.' },
      { type: 'tool-call', id: 'toolu_a', name: 'getWeather', arguments: { city: 'Paris' }, status: 'pending', origin: { provider: 'claude', model: 'claude-sonnet-4-5' } },
      { type: 'tool-call', id: 'toolu_b', name: 'getTime', arguments: { zone: 'CET' }, status: 'pending', origin: { provider: 'claude', model: 'claude-sonnet-4-5' } },
    ]);
    expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
  });

  it('returns native structured output as JSON text', async () => {
    const s = newSession();
    emulator.script([{ json: { city: 'Paris', temp: 21 } }], s);
    const response = await claudeOn(emulator, s).complete({
      messages: [user('weather?')],
      responseFormat: { name: 'Weather', schema: { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } } } },
    });
    expect(JSON.parse((response.parts[0] as { text: string }).text)).toEqual({ city: 'Paris', temp: 21 });
    expect(response.finishReason.unified).toBe('stop');
  });

  it('turns the forced json tool call into the answer text, with a stop finish', async () => {
    const s = newSession();
    emulator.script([{ text: 'Here you go:', json: { city: 'Rome', temp: 25 } }], s);
    const response = await claudeOn(emulator, s, undefined, 'claude-3-5-haiku-latest').complete({
      messages: [user('weather?')],
      responseFormat: { name: 'Weather', schema: { type: 'object', properties: { city: { type: 'string' } } } },
    });
    expect((emulator.requests(s)[0].body as JsonObject).tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(response.parts).toEqual([{ type: 'text', text: '{"city":"Rome","temp":25}' }]);
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
  });

  it.each([
    ['length', 'max_tokens', 'length'],
    ['refusal', 'refusal', 'refusal'],
    ['content-filter', 'refusal', 'refusal'],
    ['stop', 'end_turn', 'stop'],
  ] as const)('maps the emulated %s finish (stop_reason %s) to %s', async (finish, raw, unified) => {
    const s = newSession();
    emulator.script([{ text: 'partial', finishReason: finish }], s);
    const response = await claudeOn(emulator, s).complete({ messages: [user('x')] });
    expect(response.finishReason).toEqual({ unified, raw });
  });

  it('keeps arguments that are not valid JSON as raw text', async () => {
    const s = newSession();
    emulator.script([{ toolCalls: [{ id: 'toolu_bad', name: 'f', arguments: '{"a": 1,' }] }], s);
    const response = await claudeOn(emulator, s).complete({ messages: [user('x')], tools: [{ name: 'f', description: 'f', parameters: { type: 'object' } }] });
    expect(response.parts[0]).toMatchObject({ type: 'tool-call', id: 'toolu_bad', arguments: null, rawArguments: '{"a": 1,' });
  });

  it('has no embeddings', async () => {
    const error = await rejection(claudeOn(emulator, newSession()).embed({ texts: ['a'] }));
    expect(error).toBeInstanceOf(UnsupportedFeatureError);
    expect((error as UnsupportedFeatureError).provider).toBe('claude');
  });
});
