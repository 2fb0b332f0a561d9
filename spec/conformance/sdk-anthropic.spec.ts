import Anthropic from '@anthropic-ai/sdk';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';

/**
 * The emulator as the official `@anthropic-ai/sdk` sees it (Messages wire): an app built on the
 * Anthropic SDK must get from `chat-ts/testing` what it gets from the Messages API.
 */

const WEATHER: Anthropic.Tool = {
  name: 'weather',
  description: 'Weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const PARALLEL = [
  { id: 'toolu_paris', name: 'weather', arguments: { city: 'Paris, the capital of France' } },
  { id: 'toolu_rome', name: 'weather', arguments: { city: 'Rome, the capital of Italy' } },
];
const base = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Hello there' }] };

describe('official @anthropic-ai/sdk against the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  const client = (): Anthropic => new Anthropic({ apiKey: 'sk-ant-emulated', baseURL: emulator.url(), maxRetries: 0 });

  it('plain: messages.create returns the scripted text, stop reason and usage', async () => {
    emulator.script([{ text: 'Hi from the emulator', usage: { input: 5, output: 4 } }]);
    const message = await client().messages.create(base);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hi from the emulator' })]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 4 });
    expect(emulator.requests()[0].headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('stream: the messages.stream() helper emits text deltas and a final message', async () => {
    emulator.script([{ text: 'one two three' }]);
    const deltas: string[] = [];
    const stream = client().messages.stream(base).on('text', (delta) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(deltas).toEqual(['one ', 'two ', 'three']);
    expect(await stream.finalText()).toBe('one two three');
    expect(final.stop_reason).toBe('end_turn');
  });

  it('parallel tool uses through messages.stream(): each input is parsed whole', async () => {
    emulator.script([{ toolCalls: PARALLEL, chunkSize: 5 }]);
    const json: string[] = [];
    const stream = client()
      .messages.stream({ ...base, tools: [WEATHER] })
      .on('inputJson', (partial) => json.push(partial));
    const final = await stream.finalMessage();
    const uses = final.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(uses.map((u) => [u.id, u.name, u.input])).toEqual(PARALLEL.map((c) => [c.id, c.name, c.arguments]));
    expect(json.length).toBeGreaterThan(2);
    expect(final.stop_reason).toBe('tool_use');
  });

  it('structured output: messages.parse() with an output_config json_schema format', async () => {
    emulator.script([{ json: { city: 'Paris', celsius: 21 } }]);
    const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'], additionalProperties: false };
    const message = await client().messages.parse({ ...base, output_config: { format: { type: 'json_schema', schema } } });
    expect(message.parsed_output).toEqual({ city: 'Paris', celsius: 21 });
  });

  it('reasoning: thinking deltas and the signature arrive through messages.stream()', async () => {
    emulator.script([{ reasoning: 'Weigh both options.', reasoningSignature: 'sig-123', text: 'Done.' }]);
    let thinking = '';
    const stream = client()
      .messages.stream({ ...base, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } })
      .on('thinking', (delta) => (thinking += delta));
    const final = await stream.finalMessage();
    expect(thinking).toBe('Weigh both options.');
    expect(final.content[0]).toEqual({ type: 'thinking', thinking: 'Weigh both options.', signature: 'sig-123' });
    expect(final.content[1]).toMatchObject({ type: 'text', text: 'Done.' });
  });

  it.each([
    [401, Anthropic.AuthenticationError],
    [429, Anthropic.RateLimitError],
    [529, Anthropic.OverloadedError],
  ])('errors: %d reaches the SDK as its typed error with the Anthropic error body', async (status, type) => {
    emulator.script([{ error: { status, retryAfter: status === 429 ? 4 : undefined } }]);
    const error = await client()
      .messages.create(base)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(status);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    if (status === 429) expect(apiError.headers?.get('retry-after')).toBe('4');
  });

  it('errors: a request the Messages API refuses (thinking with a forced tool) is a 400 BadRequestError', async () => {
    const error = await client()
      .messages.create({ ...base, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, tools: [WEATHER], tool_choice: { type: 'any' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });
});
