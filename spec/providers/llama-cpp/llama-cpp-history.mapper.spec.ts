import type { Message } from '../../../lib/core/message.types';
import { UnsupportedFeatureError } from '../../../lib/errors';
import { toChatHistory } from '../../../lib/providers/llama-cpp/llama-cpp-history.mapper';
import { loadNodeLlamaCpp } from '../../../lib/providers/llama-cpp/llama-cpp-module.loader';

const toolTurn: Message[] = [
  { role: 'system', parts: [{ type: 'text', text: 'Be kind.' }] },
  { role: 'user', parts: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
  {
    role: 'assistant',
    parts: [
      { type: 'reasoning', text: 'I should look it up.', origin: { provider: 'llama-cpp', model: 'tiny' } },
      { type: 'reasoning', text: 'foreign thoughts', signature: 'sig', origin: { provider: 'claude', model: 'x' } },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' }, status: 'completed' },
      {
        type: 'tool-call',
        id: 'c2',
        name: 'get_weather',
        arguments: { city: 'Rom' },
        status: 'completed',
        approval: { editedArguments: { city: 'Rome' } },
      },
      { type: 'provider', origin: { provider: 'gemini', model: 'g' }, kind: 'executableCode', data: { code: 'x' } },
    ],
  },
  {
    role: 'tool',
    parts: [
      { type: 'tool-result', callId: 'c1', name: 'get_weather', content: '{"temp":21}' },
      { type: 'tool-result', callId: 'c2', name: 'get_weather', content: 'service down', isError: true },
      { type: 'tool-result', callId: 'unknown', name: 'lost', content: 'orphan' },
    ],
  },
  { role: 'assistant', parts: [{ type: 'text', text: 'Paris is 21.' }] },
];

describe('toChatHistory (chat-ts conversation → node-llama-cpp history)', () => {
  it('maps system, user, one merged model response with function calls and their results', () => {
    expect(toChatHistory(toolTurn, 'Top system')).toEqual([
      { type: 'system', text: 'Top system' },
      { type: 'system', text: 'Be kind.' },
      { type: 'user', text: 'Weather in Paris and Rome?' },
      {
        type: 'model',
        response: [
          { type: 'segment', segmentType: 'thought', text: 'I should look it up.', ended: true },
          'Checking.',
          { type: 'functionCall', name: 'get_weather', params: { city: 'Paris' }, result: { temp: 21 } },
          { type: 'functionCall', name: 'get_weather', params: { city: 'Rome' }, result: { error: 'service down' } },
        ],
      },
      { type: 'user', text: 'Result of tool lost: orphan' },
      { type: 'model', response: ['Paris is 21.'] },
    ]);
  });

  it('merges an assistant turn that follows tool results into the same model response', () => {
    const results: Message = { role: 'tool', parts: toolTurn[3].parts.filter((p) => p.type === 'tool-result' && p.callId !== 'unknown') };
    const history = toChatHistory([...toolTurn.slice(0, 3), results, { role: 'assistant', parts: [{ type: 'text', text: 'Done.' }] }]);
    expect(history.map((item) => item.type)).toEqual(['system', 'user', 'model']);
    const model = history[2];
    expect(model.type === 'model' && model.response[model.response.length - 1]).toBe('Done.');
  });

  it('refuses images and files in user messages', () => {
    const image: Message = { role: 'user', parts: [{ type: 'image', source: { kind: 'base64', data: 'AA==', mediaType: 'image/png' } }] };
    expect(() => toChatHistory([image])).toThrow(UnsupportedFeatureError);
  });

  it('renders through the real ChatML wrapper of node-llama-cpp with the calls and results in the prompt', async () => {
    const module = await loadNodeLlamaCpp();
    const wrapper = new module.ChatMLChatWrapper();
    const history = toChatHistory(toolTurn.slice(0, 4));
    const { contextText } = wrapper.generateContextState({
      chatHistory: history,
      availableFunctions: { get_weather: { description: 'Weather', params: { type: 'object', properties: { city: { type: 'string' } } } } },
    });
    const prompt = contextText.toString();
    expect(prompt).toContain('||call: get_weather({"city": "Paris"})');
    expect(prompt).toContain('||result: {"temp": 21}');
    expect(prompt).toContain('||call: get_weather({"city": "Rome"})');
    expect(prompt).toContain('"error": "service down"');
    expect(prompt).not.toContain('foreign thoughts');
  });
});
