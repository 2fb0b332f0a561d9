import type { JsonSchema, JsonValue } from '../../../lib/core/json.types';
import type { Message } from '../../../lib/core/message.types';
import type { ToolSpec } from '../../../lib/core/provider.types';
import { LlamaCppBuilder, toGrammarSchema, type LlamaCppProvider } from '../../../lib/providers/llama-cpp';
import { runtimeOf } from '../../../lib/providers/llama-cpp/llama-cpp-runtime.registry';
import { collect, stepFinish, userSays, writeTinyModel, type TinyModelFile } from './tiny-model.fixture';

const VERDICT: JsonSchema = {
  type: 'object',
  properties: {
    mood: { type: 'string', enum: ['happy', 'sad', 'neutral'] },
    approved: { type: 'boolean' },
    score: { type: 'number' },
    level: { type: 'integer' },
  },
  required: ['mood', 'approved', 'score', 'level'],
  additionalProperties: false,
};

/** A hand-written check of the VERDICT schema (independent from the grammar). */
function isVerdict(value: JsonValue): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return (
    JSON.stringify(keys) === JSON.stringify(['approved', 'level', 'mood', 'score']) &&
    ['happy', 'sad', 'neutral'].includes(value.mood as string) &&
    typeof value.approved === 'boolean' &&
    typeof value.score === 'number' &&
    Number.isInteger(value.level)
  );
}

const WEATHER: ToolSpec = {
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', enum: ['Paris', 'Rome'] }, metric: { type: 'boolean' } },
    required: ['city', 'metric'],
  },
};
const CLOCK: ToolSpec = { name: 'get_time', description: 'Current time', parameters: { type: 'object', properties: {} } };

describe('LlamaCppProvider structured output, tools and embeddings', () => {
  let file: TinyModelFile;
  let provider: LlamaCppProvider;

  beforeAll(async () => {
    file = await writeTinyModel({ seed: 7 });
    provider = await new LlamaCppBuilder().withModelPath(file.path).withChatFormat('chatML').withThreads(1).withLogLevel('error').build();
  });

  afterAll(async () => {
    await provider?.dispose();
    await file?.remove();
  });

  it('ends on its own with an eogToken stop when the model emits end-of-generation', async () => {
    const response = await provider.complete({ messages: userSays('Tell me'), options: { maxTokens: 2000, temperature: 1, seed: 11 } });
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'eogToken' });
    expect(response.usage.outputTokens).toBeLessThan(2000);
  });

  describe('structured output (JSON-schema grammar)', () => {
    it.each(['Rate this', 'How do you feel?', 'Give me a verdict on the weather in Paris'])(
      'always parses and validates at temperature 0 (%s)',
      async (prompt) => {
        const response = await provider.complete({
          messages: userSays(prompt),
          responseFormat: { name: 'Verdict', schema: VERDICT },
          options: { temperature: 0, maxTokens: 200 },
        });
        const text = response.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
        expect(response.finishReason.unified).toBe('stop');
        expect(isVerdict(JSON.parse(text) as JsonValue)).toBe(true);
      },
    );

    it('compiles adapted draft-07 schemas (refs, nullable, arrays, untyped) into grammars', async () => {
      const schema = toGrammarSchema({
        $ref: '#/definitions/Order',
        definitions: {
          Order: { type: 'object', properties: { id: { type: ['integer', 'null'] }, tags: { type: 'array', items: { type: 'string' } }, extra: {}, line: { $ref: '#/definitions/Line' } } },
          Line: { anyOf: [{ type: 'string', format: 'date' }, { type: 'boolean' }] },
        },
      });
      const grammar = await runtimeOf(provider.loadedModel).grammarFor(schema);
      expect(grammar.grammar).toContain('root ::=');
      await expect(runtimeOf(provider.loadedModel).grammarFor(schema)).resolves.toBe(grammar);
    });

    it('streams the JSON as deltas and still validates with tools offered (tools first, then the grammar)', async () => {
      const events = await collect(
        provider.stream({
          messages: userSays('Verdict?'),
          tools: [WEATHER],
          responseFormat: { name: 'Verdict', schema: VERDICT },
          options: { temperature: 0, maxTokens: 200 },
        }),
      );
      const streamed = events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');
      const finish = stepFinish(events);
      expect(finish.response.parts).toEqual([{ type: 'text', text: streamed }]);
      expect(isVerdict(JSON.parse(streamed) as JsonValue)).toBe(true);
      const withoutTools = await provider.complete({ messages: userSays('Verdict?'), responseFormat: { name: 'Verdict', schema: VERDICT }, options: { maxTokens: 1 } });
      expect(finish.response.usage.inputTokens).toBeGreaterThan(withoutTools.usage.inputTokens + 200);
    });
  });

  describe('tools', () => {
    it('offers tools: the function documentation is part of the prompt', async () => {
      const plain = await provider.complete({ messages: userSays('Weather?'), options: { maxTokens: 1 } });
      const withTools = await provider.complete({ messages: userSays('Weather?'), tools: [WEATHER], options: { maxTokens: 1 } });
      expect(withTools.usage.inputTokens).toBeGreaterThan(plain.usage.inputTokens + 200);
    });

    it('toolChoice "required" makes the model call a tool: a pending tool-call part, nothing executed', async () => {
      const events = await collect(
        provider.stream({ messages: userSays('Weather?'), tools: [WEATHER, CLOCK], toolChoice: 'required', options: { maxTokens: 80, seed: 3, temperature: 0.7 } }),
      );
      const response = stepFinish(events).response;
      expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'functionCalls' });
      expect(response.parts).toHaveLength(1);
      const call = response.parts[0];
      if (call.type !== 'tool-call') throw new Error('expected a tool call');
      expect(call.status).toBe('pending');
      expect(call.origin).toEqual({ provider: 'llama-cpp', model: 'tiny' });
      expect(['get_weather', 'get_time']).toContain(call.name);
      const start = events.findIndex((e) => e.type === 'tool-call-start');
      const end = events.findIndex((e) => e.type === 'tool-call-end');
      expect(events[start]).toEqual({ type: 'tool-call-start', id: call.id, name: call.name });
      expect(events[end]).toEqual({ type: 'tool-call-end', call });
      const args = events.slice(start, end).map((e) => (e.type === 'tool-call-delta' && e.id === call.id ? e.delta : '')).join('');
      expect(JSON.parse(args || '{}')).toEqual(call.arguments);
      if (call.name === 'get_weather') expect(['Paris', 'Rome']).toContain((call.arguments as { city: string }).city);
    });

    it('toolChoice { name } calls exactly that tool', async () => {
      const response = await provider.complete({
        messages: userSays('Anything'),
        tools: [WEATHER, CLOCK],
        toolChoice: { name: 'get_time' },
        options: { maxTokens: 60, temperature: 0 },
      });
      expect(response.parts.map((p) => (p.type === 'tool-call' ? p.name : p.type))).toEqual(['get_time']);
    });

    it('continues after tool results sent back in the conversation (results are part of the prompt)', async () => {
      const turn = (content: string): Message[] => [
        ...userSays('Weather in Paris?'),
        {
          role: 'assistant',
          parts: [{ type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', metric: true }, status: 'completed' }],
        },
        { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_1', name: 'get_weather', content }] },
      ];
      const short = await provider.complete({ messages: turn('{"t":1}'), tools: [WEATHER], options: { maxTokens: 3 } });
      const long = await provider.complete({ messages: turn('{"t":1,"sky":"clear"}'), tools: [WEATHER], options: { maxTokens: 3 } });
      expect(long.usage.inputTokens - short.usage.inputTokens).toBeGreaterThanOrEqual('"sky":"clear"'.length);
      expect(long.usage.outputTokens).toBeGreaterThan(0);
    });
  });

  describe('embeddings', () => {
    it('returns vectors of the model dimension, deterministic per text', async () => {
      const response = await provider.embed({ texts: ['hello world', 'hello world', 'something else', ''] });
      expect(response.dimensions).toBe(64);
      expect(response.vectors).toHaveLength(4);
      for (const vector of response.vectors) expect(vector).toBeInstanceOf(Float32Array);
      expect(Array.from(response.vectors[0])).toEqual(Array.from(response.vectors[1]));
      expect(Array.from(response.vectors[0])).not.toEqual(Array.from(response.vectors[2]));
      expect(Array.from(response.vectors[3]).every((v) => v === 0)).toBe(true);
      expect(response.usage.inputTokens).toBeGreaterThanOrEqual('hello world'.length * 2 + 'something else'.length);
      expect(response).toMatchObject({ model: 'tiny', provider: 'llama-cpp' });
      const again = await provider.embed({ texts: ['hello world'] });
      expect(Array.from(again.vectors[0])).toEqual(Array.from(response.vectors[0]));
    });

    it('shortens vectors to unit length when fewer dimensions are asked', async () => {
      const response = await provider.embed({ texts: ['hello'], dimensions: 16 });
      expect(response.dimensions).toBe(16);
      const norm = Math.sqrt(Array.from(response.vectors[0]).reduce((s, v) => s + v * v, 0));
      expect(norm).toBeCloseTo(1, 5);
    });
  });
});
