import OpenAI from 'openai';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';

/**
 * The emulator as the official `openai` SDK sees it (Chat Completions and Responses wires):
 * whatever an app built on openai-node does against `chat-ts/testing` must work as against OpenAI.
 */

const WEATHER: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'Weather in a city',
    strict: true,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
};
const PARALLEL = [
  { id: 'call_paris', name: 'weather', arguments: { city: 'Paris, the capital of France' } },
  { id: 'call_rome', name: 'weather', arguments: { city: 'Rome, the capital of Italy' } },
];
const ask = [{ role: 'user' as const, content: 'Hello there' }];

describe('official openai SDK against the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  const client = (): OpenAI => new OpenAI({ apiKey: 'sk-emulated', baseURL: emulator.url('/v1'), maxRetries: 0 });

  describe('Chat Completions', () => {
    it('plain: chat.completions.create returns the scripted text and usage', async () => {
      emulator.script([{ text: 'Hi from the emulator', usage: { input: 3, output: 4 } }]);
      const completion = await client().chat.completions.create({ model: 'gpt-4o', messages: ask });
      expect(completion.choices[0].message.content).toBe('Hi from the emulator');
      expect(completion.choices[0].finish_reason).toBe('stop');
      expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    });

    it('stream: create({ stream: true }) yields the text in pieces, then usage when asked', async () => {
      emulator.script([{ text: 'one two three' }]);
      const stream = await client().chat.completions.create({ model: 'gpt-4o', messages: ask, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined | null;
      let pieces = 0;
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta.content;
        if (piece) (text += piece), pieces++;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe('one two three');
      expect(pieces).toBe(3);
      expect(usage?.total_tokens).toBeGreaterThan(0);
    });

    it('parallel strict tool calls through the chat.completions.stream() helper', async () => {
      emulator.script([{ toolCalls: PARALLEL, chunkSize: 5 }]);
      const done: Array<{ name: string; parsed: unknown }> = [];
      const runner = client()
        .chat.completions.stream({ model: 'gpt-4o', messages: ask, tools: [WEATHER], parallel_tool_calls: true })
        .on('tool_calls.function.arguments.done', (e) => done.push({ name: e.name, parsed: e.parsed_arguments }));
      const final = await runner.finalChatCompletion();
      const calls = final.choices[0].message.tool_calls ?? [];
      expect(calls.map((c) => c.id)).toEqual(['call_paris', 'call_rome']);
      expect(calls.map((c) => (c.type === 'function' ? c.function.parsed_arguments : undefined))).toEqual(PARALLEL.map((c) => c.arguments));
      expect(done).toEqual(PARALLEL.map((c) => ({ name: 'weather', parsed: c.arguments })));
      expect(final.choices[0].finish_reason).toBe('tool_calls');
    });

    it('scripted interleaving still reaches the SDK whole through plain create({ stream: true })', async () => {
      emulator.script([{ toolCalls: PARALLEL, chunkSize: 5, interleaveToolCalls: true }]);
      const stream = await client().chat.completions.create({ model: 'gpt-4o', messages: ask, tools: [WEATHER], stream: true });
      const args: string[] = [];
      for await (const chunk of stream) for (const d of chunk.choices[0]?.delta.tool_calls ?? []) args[d.index] = (args[d.index] ?? '') + (d.function?.arguments ?? '');
      expect(args.map((a) => JSON.parse(a))).toEqual(PARALLEL.map((c) => c.arguments));
    });

    it('structured output: a json_schema response_format is parsed by chat.completions.parse()', async () => {
      emulator.script([{ json: { city: 'Paris', celsius: 21 } }]);
      const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'], additionalProperties: false };
      const completion = await client().chat.completions.parse({
        model: 'gpt-4o',
        messages: ask,
        tools: [WEATHER],
        response_format: { type: 'json_schema', json_schema: { name: 'weather', strict: true, schema } },
      });
      expect(completion.choices[0].message.parsed).toEqual({ city: 'Paris', celsius: 21 });
      expect(emulator.requests()[0].body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'weather', schema } } });
    });

    it('reasoning: reasoning_content arrives beside the answer (stream and whole)', async () => {
      emulator.script([{ reasoning: 'Think first.', text: 'Answer.' }, { reasoning: 'Think first.', text: 'Answer.' }]);
      const whole = await client().chat.completions.create({ model: 'o3', messages: ask, reasoning_effort: 'high' });
      expect((whole.choices[0].message as unknown as { reasoning_content: string }).reasoning_content).toBe('Think first.');
      let reasoning = '';
      for await (const chunk of await client().chat.completions.create({ model: 'o3', messages: ask, stream: true })) {
        reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      }
      expect(reasoning).toBe('Think first.');
    });

    it('embeddings: the SDK default (base64) decodes to the emulator vectors; floats too', async () => {
      const viaBase64 = await client().embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
      expect(emulator.requests()[0].body).toMatchObject({ encoding_format: 'base64' });
      const viaFloat = await client().embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' });
      expect(viaBase64.data).toHaveLength(2);
      viaBase64.data.forEach((d, i) => {
        expect(d.embedding).toHaveLength(8);
        d.embedding.forEach((v, j) => expect(v).toBeCloseTo(viaFloat.data[i].embedding[j], 5));
      });
      expect(viaBase64.usage.prompt_tokens).toBe(2);
    });

    it.each([
      [401, OpenAI.AuthenticationError],
      [404, OpenAI.NotFoundError],
      [429, OpenAI.RateLimitError],
      [500, OpenAI.InternalServerError],
    ])('errors: %d reaches the SDK as its typed error', async (status, type) => {
      emulator.script([{ error: { status, retryAfter: status === 429 ? 7 : undefined } }]);
      const error = await client().chat.completions.create({ model: 'gpt-4o', messages: ask }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
      if (status === 429) expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('7');
    });

    it('errors: a malformed stream event is thrown by the SDK, not a silent end', async () => {
      emulator.script([{ text: 'one two three four', fault: 'malformed', afterChunks: 2 }]);
      const read = async (): Promise<void> => {
        const quiet = new OpenAI({ apiKey: 'sk-emulated', baseURL: emulator.url('/v1'), maxRetries: 0, logLevel: 'off' }); // it logs the bad line
        for await (const chunk of await quiet.chat.completions.create({ model: 'gpt-4o', messages: ask, stream: true })) void chunk;
      };
      await expect(read()).rejects.toThrow(/JSON/);
    });
  });

  describe('Responses', () => {
    it('plain: responses.create returns output_text', async () => {
      emulator.script([{ text: 'Hello from Responses' }]);
      const response = await client().responses.create({ model: 'gpt-5', input: 'Hi' });
      expect(response.output_text).toBe('Hello from Responses');
      expect(response.status).toBe('completed');
    });

    it('stream: the responses.stream() helper collects text deltas and the final response', async () => {
      emulator.script([{ text: 'one two three' }]);
      const deltas: string[] = [];
      const stream = client().responses.stream({ model: 'gpt-5', input: 'Hi' }).on('response.output_text.delta', (e) => deltas.push(e.delta));
      const final = await stream.finalResponse();
      expect(deltas.join('')).toBe('one two three');
      expect(final.output_text).toBe('one two three');
    });

    it('parallel strict function calls through responses.stream(), parsed', async () => {
      emulator.script([{ toolCalls: PARALLEL, chunkSize: 5 }]);
      const tool = { type: 'function' as const, name: 'weather', strict: true, parameters: WEATHER.function.parameters! };
      const final = await client().responses.stream({ model: 'gpt-5', input: 'Hi', tools: [tool] }).finalResponse();
      const calls = final.output.filter((o) => o.type === 'function_call');
      expect(calls.map((c) => c.call_id)).toEqual(['call_paris', 'call_rome']);
      expect(calls.map((c) => c.parsed_arguments)).toEqual(PARALLEL.map((c) => c.arguments));
    });

    it('structured output: responses.parse() with a json_schema text format', async () => {
      emulator.script([{ json: { ok: true } }]);
      const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
      const parsed = await client().responses.parse({ model: 'gpt-5', input: 'Hi', text: { format: { type: 'json_schema', name: 'r', strict: true, schema } } });
      expect(parsed.output_parsed).toEqual({ ok: true });
    });

    it('reasoning: reasoning summary deltas stream before the answer', async () => {
      emulator.script([{ reasoning: 'Weigh it.', text: 'Done.' }]);
      const order: string[] = [];
      let summary = '';
      const stream = client()
        .responses.stream({ model: 'gpt-5', input: 'Hi', reasoning: { effort: 'low', summary: 'auto' } })
        .on('response.reasoning_summary_text.delta', (e) => (order.push('reasoning'), (summary += e.delta)))
        .on('response.output_text.delta', () => order.push('text'));
      const final = await stream.finalResponse();
      expect(summary).toBe('Weigh it.');
      expect(order.indexOf('reasoning')).toBeLessThan(order.indexOf('text'));
      expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    });

    it('errors: a 429 reaches the SDK as RateLimitError', async () => {
      emulator.script([{ error: { status: 429 } }]);
      await expect(client().responses.create({ model: 'gpt-5', input: 'Hi' })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    });
  });
});
