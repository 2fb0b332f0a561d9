import type { ToolCallPart } from '../../../lib/core/content-part.types';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { ask, emulatedProvider } from './completions-spec.helpers';

describe('Chat Completions responses (complete)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('maps text, reasoning, usage with details, finish reason and metadata', async () => {
    emulator.script([{ text: 'Paris is sunny.', reasoning: 'Check the sky.', usage: { input: 12, output: 30, reasoning: 9, cached: 4 } }]);
    const res = await emulatedProvider(emulator).complete(ask('Weather?'));
    expect(res.parts).toEqual([
      { type: 'reasoning', text: 'Check the sky.', origin: { provider: 'completions', model: 'test-model' } },
      { type: 'text', text: 'Paris is sunny.' },
    ]);
    expect(res.usage).toEqual({ inputTokens: 12, outputTokens: 30, totalTokens: 42, reasoningTokens: 9, cachedInputTokens: 4 });
    expect(res.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(res.metadata).toMatchObject({ provider: 'completions', model: 'test-model' });
    expect(res.metadata.id).toMatch(/^chatcmpl-/);
  });

  it('parses tool-call arguments and keeps invalid JSON as rawArguments', async () => {
    emulator.script([
      {
        toolCalls: [
          { id: 'call_a', name: 'weather', arguments: { city: 'Paris', days: 2 } },
          { name: 'broken', arguments: '{"city": "Par' },
        ],
      },
    ]);
    const res = await emulatedProvider(emulator).complete(ask('x'));
    const calls = res.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
    expect(calls[0]).toEqual({ type: 'tool-call', id: 'call_a', name: 'weather', arguments: { city: 'Paris', days: 2 }, status: 'pending' });
    expect(calls[1]).toMatchObject({ name: 'broken', arguments: null, rawArguments: '{"city": "Par' });
    expect(calls[1].id).toMatch(/^call_/);
    expect(res.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(res.parts.some((p) => p.type === 'text')).toBe(false);
  });

  it('returns structured replies as text and maps length, content-filter and refusal endings', async () => {
    emulator.script([
      { json: { city: 'Paris', days: 3 } },
      { text: 'cut', finishReason: 'length' },
      { text: '', finishReason: 'content-filter' },
      { text: 'I cannot help with that.', finishReason: 'refusal' },
    ]);
    const provider = emulatedProvider(emulator);
    const json = await provider.complete(ask('x'));
    expect(JSON.parse((json.parts[0] as { text: string }).text)).toEqual({ city: 'Paris', days: 3 });
    expect((await provider.complete(ask('x'))).finishReason).toEqual({ unified: 'length', raw: 'length' });
    expect((await provider.complete(ask('x'))).finishReason).toEqual({ unified: 'content-filter', raw: 'content_filter' });
    const refusal = await provider.complete(ask('x'));
    expect(refusal.finishReason).toEqual({ unified: 'refusal', raw: 'stop' });
    expect(refusal.parts).toEqual([{ type: 'text', text: 'I cannot help with that.' }]);
  });
});
