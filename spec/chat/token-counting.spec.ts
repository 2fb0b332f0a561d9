import { lastValueFrom, toArray } from 'rxjs';
import { getEncoding } from 'js-tiktoken';
import { ChatBuilder, Messages, withContextWindowCheck } from '../../lib';
import type { JsonValue } from '../../lib/core/json.types';
import { ConfigurationError, ContextLengthExceededError, UnsupportedFeatureError } from '../../lib/errors';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedTokenCount } from '../../lib/testing/emulator/wires/emulated-token.counter';
import { ScriptedProvider } from '../support/scripted.provider';
import { makeTool } from '../support/test-tools';
import { runTsChild } from '../support/ts-child';
import { join } from 'node:path';

const weather = makeTool({
  name: 'getWeather',
  description: 'Current weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
  execute: () => 'sunny',
});
const SYSTEM = 'You are a terse weather assistant.';
const obj = (v: JsonValue): Record<string, JsonValue> => v as Record<string, JsonValue>;

describe('chat.countTokens()', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('Claude: exact, from POST /v1/messages/count_tokens with the system prompt and tools the engine would send; nothing is generated', async () => {
    const claude = new ClaudeBuilder().withBaseUrl(emulator.url()).withApiKey('k').withModel('claude-haiku-4-5').build();
    const chat = new ChatBuilder().withModel(claude).withSystemPrompt(SYSTEM).withTools([weather]).build();
    const count = await chat.countTokens(Messages.fromUser('Weather in Paris, please?'));
    const [request] = emulator.requests();
    expect(emulator.requests()).toHaveLength(1);
    expect(request.path).toBe('/v1/messages/count_tokens');
    const body = obj(request.body);
    expect(body.system).toBe(SYSTEM);
    expect((body.tools as JsonValue[]).map((t) => obj(t).name)).toEqual(['getWeather']);
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('stream');
    expect(count).toEqual({ inputTokens: emulatedTokenCount(body.messages, body.system, body.tools), exact: true, source: 'provider', model: 'claude-haiku-4-5' });
    const withoutTools = await new ChatBuilder().withModel(claude).build().countTokens(Messages.fromUser('Weather in Paris, please?'));
    expect(withoutTools.inputTokens).toBeLessThan(count.inputTokens);
  });

  it('Gemini: exact, from :countTokens with the whole generateContentRequest (systemInstruction and tools)', async () => {
    const gemini = new GeminiBuilder().withBaseUrl(emulator.url('/v1beta')).withApiKey('k').withModel('gemini-2.5-flash').build();
    const chat = new ChatBuilder().withModel(gemini).withSystemPrompt(SYSTEM).withTools([weather]).build();
    const count = await chat.countTokens('Weather in Rome?');
    const [request] = emulator.requests();
    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
    const inner = obj(obj(request.body).generateContentRequest);
    expect(inner.model).toBe('models/gemini-2.5-flash');
    expect(JSON.stringify(inner.systemInstruction)).toContain(SYSTEM);
    expect(JSON.stringify(inner.tools)).toContain('getWeather');
    expect(count).toEqual({ inputTokens: emulatedTokenCount(inner.contents, inner.systemInstruction, inner.tools), exact: true, source: 'provider', model: 'gemini-2.5-flash' });
  });

  it('Chat Completions: a local js-tiktoken count (o200k_base for gpt-4o), messages as OpenAI counts them, tools added; no request is sent', async () => {
    const openai = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('k').withModel('gpt-4o').build();
    const plain = await new ChatBuilder().withModel(openai).build().countTokens(Messages.fromUser('Hello world, how are you today?'));
    const enc = getEncoding('o200k_base');
    expect(plain).toEqual({ inputTokens: 3 + enc.encode('user').length + enc.encode('Hello world, how are you today?').length + 3, exact: false, source: 'tokenizer', model: 'gpt-4o' });
    const withTools = await new ChatBuilder().withModel(openai).withSystemPrompt(SYSTEM).withTools([weather]).build().countTokens(Messages.fromUser('Hello world, how are you today?'));
    const toolJson = JSON.stringify({ name: weather.name, description: weather.description, parameters: weather.parameters });
    expect(withTools.inputTokens - plain.inputTokens).toBe(3 + enc.encode('system').length + enc.encode(SYSTEM).length + 8 + enc.encode(toolJson).length);
    expect(emulator.requests()).toEqual([]);
  });

  it('a provider without countTokens() fails with UnsupportedFeatureError', async () => {
    const chat = new ChatBuilder().withModel(new ScriptedProvider([{ text: 'x' }])).build();
    await expect(chat.countTokens('hi')).rejects.toThrow(UnsupportedFeatureError);
  });
});

describe('withContextWindowCheck()', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const claude = () => new ClaudeBuilder().withBaseUrl(emulator.url()).withApiKey('k').withModel('claude-haiku-4-5').build();

  it('fails a request that cannot fit before sending it, naming the numbers; complete() and stream()', async () => {
    const long = 'word '.repeat(300);
    const guarded = withContextWindowCheck(claude(), { contextWindow: 200, reserveOutputTokens: 50 });
    const chat = new ChatBuilder().withModel(guarded).withRetry(false).build();
    const error = await chat.complete(Messages.fromUser(long)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextLengthExceededError);
    const counted = emulatedTokenCount(obj(emulator.requests()[0].body).messages);
    expect((error as ContextLengthExceededError).message).toContain(`needs ${counted} input tokens (counted by the provider) + 50 reserved for the answer = ${counted + 50}, over the context window of 200 tokens`);
    expect((error as ContextLengthExceededError).details).toEqual({ inputTokens: counted, reserveOutputTokens: 50, contextWindow: 200, source: 'provider' });
    expect(emulator.requests().map((r) => r.path)).toEqual(['/v1/messages/count_tokens']);
    await expect(lastValueFrom(chat.stream(Messages.fromUser(long)).pipe(toArray()))).rejects.toThrow(ContextLengthExceededError);
    expect(emulator.requests().filter((r) => r.path === '/v1/messages')).toEqual([]);
  });

  it('lets a request that fits through (counted, then sent), and keeps the provider’s identity', async () => {
    emulator.script([{ text: 'Fits.' }, { text: 'Streams.' }]);
    const guarded = withContextWindowCheck(claude(), { contextWindow: 10_000 });
    expect(guarded.id).toBe('claude');
    const chat = new ChatBuilder().withModel(guarded).build();
    expect((await chat.complete('short')).text).toBe('Fits.');
    const events = await lastValueFrom(chat.stream('short').pipe(toArray()));
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta).join('')).toBe('Streams.');
    expect(emulator.requests().map((r) => r.path)).toEqual(['/v1/messages/count_tokens', '/v1/messages', '/v1/messages/count_tokens', '/v1/messages']);
  });

  it('refuses a provider that cannot count, and a context window that is not a positive whole number', () => {
    expect(() => withContextWindowCheck(new ScriptedProvider([]), { contextWindow: 100 })).toThrow(ConfigurationError);
    expect(() => withContextWindowCheck(claude(), { contextWindow: 0 })).toThrow(/positive whole number/);
  });
});

describe('token counting without js-tiktoken installed (a child process where it cannot be resolved)', () => {
  it('falls back to the documented estimate (1 token per 4 characters, source heuristic) on Chat Completions and Responses, and the context-window check still refuses before sending', async () => {
    const text = 'Hello world, how are you today?';
    const system = 'You are a terse weather assistant.';
    const out = await runTsChild<{
      askedAtImport: string[];
      asked: string[];
      plain: { inputTokens: number; exact: boolean; source: string; model: string };
      withSystem: { inputTokens: number };
      responses: { inputTokens: number; source: string; model: string };
      refused: { name: string; message: string; details: Record<string, unknown> };
      loaded: string[];
    }>(join(__dirname, '../support/no-tiktoken.child.ts'), { text, system });
    // importing chat-ts never asked for the optional peer; counting did, and was refused
    expect(out.askedAtImport).toEqual([]);
    expect(out.asked).toContain('js-tiktoken/lite');
    expect(out.loaded).toEqual([]);
    const quarter = (s: string): number => Math.ceil(s.length / 4);
    const expected = 3 + 3 + quarter('user') + quarter(text);
    expect(out.plain).toEqual({ inputTokens: expected, exact: false, source: 'heuristic', model: 'gpt-4o' });
    expect(out.withSystem.inputTokens - out.plain.inputTokens).toBe(3 + quarter('system') + quarter(system));
    expect(out.responses).toEqual({ inputTokens: expected, exact: false, source: 'heuristic', model: 'gpt-5-mini' });
    expect(out.refused.name).toBe('ContextLengthExceededError');
    expect(out.refused.message).toContain(`needs ${expected} input tokens (estimated (heuristic))`);
    expect(out.refused.details).toEqual({ inputTokens: expected, reserveOutputTokens: 0, contextWindow: 5, source: 'heuristic' });
    // with the peer installed (this process), the same text is tokenized instead
    const here = await new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl('http://127.0.0.1:9/v1').withApiKey('k').withModel('gpt-4o').build()).build().countTokens(text);
    expect(here.source).toBe('tokenizer');
  }, 60_000);
});
