import { Ollama, type Tool } from 'ollama';
import type { ProviderEmulator } from '../../lib/testing';
import { emulatedEmbedding } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';

/** The emulator as the official `ollama` JavaScript client sees it (Ollama's native API). */

const WEATHER: Tool = {
  type: 'function',
  function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const PARALLEL = [
  { name: 'weather', arguments: { city: 'Paris' } },
  { name: 'weather', arguments: { city: 'Rome' } },
];
const messages = [{ role: 'user', content: 'Hello there' }];

describe('official ollama client against the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  const client = (): Ollama => new Ollama({ host: emulator.url() });

  it('plain: chat() returns the scripted text and token counts', async () => {
    emulator.script([{ text: 'Hi from the emulator', usage: { input: 3, output: 4 } }]);
    const response = await client().chat({ model: 'llama3.2', messages });
    expect(response.message).toMatchObject({ role: 'assistant', content: 'Hi from the emulator' });
    expect(response).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 3, eval_count: 4 });
  });

  it('stream: chat({ stream: true }) yields NDJSON pieces ending with done', async () => {
    emulator.script([{ text: 'one two three' }]);
    const pieces: string[] = [];
    let done = false;
    for await (const part of await client().chat({ model: 'llama3.2', messages, stream: true })) {
      pieces.push(part.message.content);
      done ||= part.done;
    }
    expect(pieces.join('')).toBe('one two three');
    expect(done).toBe(true);
  });

  it('parallel tool calls in a stream, arguments as objects', async () => {
    emulator.script([{ toolCalls: PARALLEL }]);
    const calls: Array<{ name: string; arguments: unknown }> = [];
    for await (const part of await client().chat({ model: 'llama3.2', messages, tools: [WEATHER], stream: true })) {
      calls.push(...(part.message.tool_calls ?? []).map((c) => ({ name: c.function.name, arguments: c.function.arguments })));
    }
    expect(calls).toEqual(PARALLEL);
  });

  it('structured output: a JSON-schema format comes back as JSON content', async () => {
    emulator.script([{ json: { city: 'Paris' } }]);
    const response = await client().chat({ model: 'llama3.2', messages, format: { type: 'object', properties: { city: { type: 'string' } } } });
    expect(JSON.parse(response.message.content)).toEqual({ city: 'Paris' });
    expect(emulator.requests()[0].body).toMatchObject({ format: { type: 'object' }, stream: false });
  });

  it('reasoning: think: true returns message.thinking beside the answer', async () => {
    emulator.script([{ reasoning: 'Weigh it.', text: 'Done.' }]);
    const response = await client().chat({ model: 'qwen3', messages, think: true });
    expect(response.message).toMatchObject({ thinking: 'Weigh it.', content: 'Done.' });
  });

  it('embeddings: embed() returns the deterministic vectors', async () => {
    const response = await client().embed({ model: 'nomic-embed-text', input: ['alpha', 'beta'] });
    expect(response.embeddings).toEqual([emulatedEmbedding('alpha'), emulatedEmbedding('beta')]);
  });

  it('errors: a 404 reaches the client as a ResponseError with its status and message', async () => {
    emulator.script([{ error: { status: 404, message: 'model "nope" not found, try pulling it first' } }]);
    const error = (await client()
      .chat({ model: 'nope', messages })
      .catch((e: unknown) => e)) as { name: string; status_code: number; error: string };
    expect(error.name).toBe('ResponseError');
    expect(error.status_code).toBe(404);
    expect(error.error).toContain('not found');
  });
});
