import { toFinishReason } from '../../../lib/providers/llama-cpp/llama-cpp-finish-reason.mapper';
import { toProviderResponse, toToolCallParts, type LlamaGenerationResult } from '../../../lib/providers/llama-cpp/llama-cpp-response.mapper';

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

describe('llama-cpp response mapping', () => {
  it('maps every stop reason', () => {
    expect(toFinishReason('eogToken')).toEqual({ unified: 'stop', raw: 'eogToken' });
    expect(toFinishReason('stopGenerationTrigger')).toEqual({ unified: 'stop', raw: 'stopGenerationTrigger' });
    expect(toFinishReason('customStopTrigger')).toEqual({ unified: 'stop', raw: 'customStopTrigger' });
    expect(toFinishReason('maxTokens')).toEqual({ unified: 'length', raw: 'maxTokens' });
    expect(toFinishReason('functionCalls')).toEqual({ unified: 'tool-calls', raw: 'functionCalls' });
    expect(toFinishReason('abort')).toEqual({ unified: 'other', raw: 'abort' });
  });

  it('turns a functionCalls result into pending tool-call parts (the engine runs them)', () => {
    const result: LlamaGenerationResult = {
      fullResponse: ['Let me check. '],
      functionCalls: [
        { functionName: 'get_weather', params: { city: 'Paris' } },
        { functionName: 'get_time', params: undefined },
      ],
      metadata: { stopReason: 'functionCalls' },
    };
    const response = toProviderResponse(result, { model: 'tiny', usage, callIds: ['call_a'] });
    const origin = { provider: 'llama-cpp', model: 'tiny' };
    expect(response.parts[0]).toEqual({ type: 'text', text: 'Let me check. ' });
    expect(response.parts[1]).toEqual({ type: 'tool-call', id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' }, status: 'pending', origin });
    expect(response.parts[2]).toMatchObject({ type: 'tool-call', name: 'get_time', arguments: {}, status: 'pending' });
    expect((response.parts[2] as { id: string }).id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'functionCalls' });
    expect(response.metadata).toEqual({ provider: 'llama-cpp', model: 'tiny' });
    expect(response.usage).toBe(usage);
  });

  it('keeps text and thought segments in order, merging neighbours', () => {
    const response = toProviderResponse(
      {
        fullResponse: [{ type: 'segment', segmentType: 'thought', text: 'hmm ' }, { type: 'segment', segmentType: 'thought', text: 'ok' }, 'A', 'B', ''],
        metadata: { stopReason: 'eogToken' },
      },
      { model: 'm', usage },
    );
    expect(response.parts).toEqual([
      { type: 'reasoning', text: 'hmm ok', origin: { provider: 'llama-cpp', model: 'm' } },
      { type: 'text', text: 'AB' },
    ]);
    expect(response.finishReason.unified).toBe('stop');
  });

  it('gives every call a distinct id', () => {
    const calls = toToolCallParts(
      Array.from({ length: 20 }, () => ({ functionName: 'f', params: {} })),
      { provider: 'llama-cpp', model: 'm' },
    );
    expect(new Set(calls.map((c) => c.id)).size).toBe(20);
  });
});
