import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type { ProviderEmulator } from '../../lib/testing';
import { emulatedTokenCount } from '../../lib/testing/emulator/wires/emulated-token.counter';
import { useEmulator } from '../support/emulator-suite';

/** The emulator's token-counting endpoints as the official SDKs see them. */
describe('official SDKs count tokens against the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));

  it('@anthropic-ai/sdk messages.countTokens gets input_tokens, counting the system prompt and tools', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-emulated', baseURL: emulator.url(), maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'How warm is Paris today?' }];
    const tools: Anthropic.Tool[] = [{ name: 'weather', description: 'Weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const plain = await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages });
    const full = await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages, system: 'Be brief.', tools });
    expect(plain.input_tokens).toBe(emulatedTokenCount(messages as never));
    expect(full.input_tokens).toBe(emulatedTokenCount(messages as never, 'Be brief.', tools as never));
    expect(full.input_tokens).toBeGreaterThan(plain.input_tokens);
    await expect(client.messages.countTokens({ model: 'claude-sonnet-4-5' } as never)).rejects.toMatchObject({ status: 400 });
  });

  it('@google/genai models.countTokens gets totalTokens', async () => {
    const ai = new GoogleGenAI({ apiKey: 'emulated-key', httpOptions: { baseUrl: emulator.url(), fetch: (input, init) => fetch(input, init), retryOptions: { attempts: 1 } } });
    const response = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'How warm is Rome today?' });
    const sent = emulator.requests().at(-1)!;
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
    expect(response.totalTokens).toBe(emulatedTokenCount((sent.body as { contents: never }).contents));
    expect(response.totalTokens).toBeGreaterThan(0);
  });
});
