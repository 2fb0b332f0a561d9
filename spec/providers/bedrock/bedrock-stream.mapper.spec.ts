import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, Messages, type ToolDefinition } from '../../../lib';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import { BedrockBuilder, BedrockStreamMapper, type BedrockFrame } from '../../../lib/providers/bedrock';
import { ProviderEmulator } from '../../../lib/testing/emulator';

const MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const event = (type: string, payload: BedrockFrame['payload']): BedrockFrame => ({ messageType: 'event', type, payload });

/** Feeds one tool-use block whose input arrives in the given pieces; returns the tool call it ends with. */
function streamedToolCall(pieces: readonly string[]): unknown {
  const mapper = new BedrockStreamMapper(MODEL, undefined);
  const events: ModelStreamEvent[] = [];
  const next = (e: ModelStreamEvent): void => void events.push(e);
  mapper.onEvent(event('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tu_1', name: 'lookup' } } }), next);
  for (const input of pieces) mapper.onEvent(event('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input } } }), next);
  mapper.onEvent(event('contentBlockStop', { contentBlockIndex: 0 }), next);
  mapper.onEvent(event('messageStop', { stopReason: 'tool_use' }), next);
  mapper.onEnd(next);
  const end = events.find((e) => e.type === 'tool-call-end');
  return end?.type === 'tool-call-end' ? end.call : undefined;
}

describe('BedrockStreamMapper tool calls', () => {
  it('keeps rawArguments only for input that is not JSON (the engine treats rawArguments as unparsable)', () => {
    const parsed = streamedToolCall(['{"id":', '"42"}']) as { arguments: unknown; rawArguments?: string };
    expect(parsed.arguments).toEqual({ id: '42' });
    expect(parsed).not.toHaveProperty('rawArguments');
    expect(streamedToolCall([])).toMatchObject({ arguments: {} });
    expect(streamedToolCall([])).not.toHaveProperty('rawArguments');
    expect(streamedToolCall(['{"id": 4'])).toMatchObject({ arguments: null, rawArguments: '{"id": 4' });
  });

  it('a streamed tool call over ConverseStream runs the tool with its arguments in a ChatBuilder loop', async () => {
    const emulator = await ProviderEmulator.start();
    try {
      emulator.script([{ toolCalls: [{ id: 'tu_7', name: 'lookup', arguments: { id: 'A-7' } }] }, { text: 'Found it.' }]);
      const seen: unknown[] = [];
      const lookup: ToolDefinition = {
        name: 'lookup',
        description: 'Looks a record up.',
        parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        metadata: {},
        validate: async (args) => ({ ok: true, value: args }),
        execute: async (args) => {
          seen.push(args);
          return { found: true };
        },
      };
      const provider = new BedrockBuilder().withModel(MODEL).withRegion('us-east-1').withBaseUrl(emulator.url()).withApiKey('bedrock-key-0123456789').build();
      const chat = new ChatBuilder().withModel(provider).withTools([lookup]).build();
      const events = await lastValueFrom(chat.stream(Messages.fromUser('find A-7')).pipe(toArray()));
      expect(seen).toEqual([{ id: 'A-7' }]);
      const result = events.find((e) => e.type === 'tool-result');
      expect(result?.type === 'tool-result' ? result.result.content : undefined).toBe('{"found":true}');
      expect(emulator.requests().at(-1)?.path).toMatch(/\/converse-stream$/);
    } finally {
      await emulator.close();
    }
  });
});
