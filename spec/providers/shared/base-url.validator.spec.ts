import type { ChatProvider } from '../../../lib/core/provider.types';
import { ConfigurationError } from '../../../lib/errors/configuration.error';
import { CerebrasBuilder } from '../../../lib/providers/cerebras';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { DeepSeekBuilder } from '../../../lib/providers/deepseek';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { HuggingFaceBuilder } from '../../../lib/providers/huggingface';
import { MistralBuilder } from '../../../lib/providers/mistral';
import { OllamaBuilder } from '../../../lib/providers/ollama';
import { OpenAIBuilder } from '../../../lib/providers/openai';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { assertBaseUrl } from '../../../lib/providers/shared/base-url.validator';
import { ProviderEmulator } from '../../../lib/testing';

/** Every HTTP builder, built with a base URL (and a model and key where needed). */
const BUILDERS: ReadonlyArray<readonly [string, (url: string) => ChatProvider, string]> = [
  ['ClaudeBuilder', (url) => new ClaudeBuilder().withModel('claude-haiku-4-5').withApiKey('sk-ant-x').withBaseUrl(url).build(), ''],
  ['GeminiBuilder', (url) => new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('g-key').withBaseUrl(url).build(), '/v1beta'],
  ['ResponsesBuilder', (url) => new ResponsesBuilder().withModel('local').withBaseUrl(url).build(), '/v1'],
  ['OpenAIBuilder', (url) => new OpenAIBuilder().withModel('gpt-5-mini').withApiKey('sk-x').withCustomUrl(url).build(), '/v1'],
  ['ChatCompletionsBuilder', (url) => new ChatCompletionsBuilder().withBaseUrl(url).withModel('m').build(), '/v1'],
  ['CerebrasBuilder', (url) => new CerebrasBuilder().withModel('llama3.1-8b').withApiKey('c-key').withBaseUrl(url).build(), '/v1'],
  ['DeepSeekBuilder', (url) => new DeepSeekBuilder().withModel('deepseek-chat').withApiKey('d-key').withBaseUrl(url).build(), '/v1'],
  ['HuggingFaceBuilder', (url) => new HuggingFaceBuilder().withModel('meta-llama/Llama-3.1-8B-Instruct').withApiKey('hf-key').withBaseUrl(url).build(), '/v1'],
  ['MistralBuilder', (url) => new MistralBuilder().withModel('mistral-small-latest').withApiKey('m-key').withBaseUrl(url).build(), '/v1'],
  ['OllamaBuilder', (url) => new OllamaBuilder().withModel('llama3.2').withBaseUrl(url).build(), '/v1'],
];

const BAD_URLS = ['not a url', 'api.example.com/v1', 'localhost:8080', 'ftp://files.example.com'];

function configurationError(build: () => unknown): ConfigurationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('build() did not throw');
}

/** A base URL that is not an absolute http(s) URL fails at build(), never as a retryable NetworkError at call time. */
describe('base URL validation in every HTTP builder', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  describe.each(BUILDERS)('%s', (name, build, path) => {
    it.each(BAD_URLS)('withBaseUrl(%j) fails at build() with a ConfigurationError naming the builder and the value', (bad) => {
      const error = configurationError(() => build(bad));
      expect(error.message).toContain(name);
      expect(error.message).toContain(JSON.stringify(bad));
      expect(error.isRetryable).toBe(false);
    });

    it('a real http URL builds and answers (the emulator)', async () => {
      const reply = await build(emulator.url(path)).complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'ping' }] }] });
      expect(reply.parts).toEqual([expect.objectContaining({ type: 'text', text: 'Emulated reply to: ping' })]);
    });
  });

  it('a bad CLAUDE_BASE_URL from the environment fails at build() too', () => {
    const saved = process.env.CLAUDE_BASE_URL;
    process.env.CLAUDE_BASE_URL = 'claude proxy';
    try {
      const error = configurationError(() => new ClaudeBuilder().withModel('m').withApiKey('k').build());
      expect(error.message).toContain('"claude proxy"');
    } finally {
      if (saved === undefined) delete process.env.CLAUDE_BASE_URL;
      else process.env.CLAUDE_BASE_URL = saved;
    }
  });

  it('assertBaseUrl returns a good URL unchanged and tags the error with the provider', () => {
    expect(assertBaseUrl('XBuilder', 'https://api.example.com/v1/')).toBe('https://api.example.com/v1/');
    expect(configurationError(() => assertBaseUrl('XBuilder', '', 'x')).provider).toBe('x');
  });
});

describe('the Responses builders and WebSocket base URLs', () => {
  it('take ws:/wss: base URLs (for a WebSocket transport); the others do not', () => {
    expect(new ResponsesBuilder().withModel('m').withBaseUrl('wss://gateway.example/v1').build().id).toBe('responses');
    expect(new OpenAIBuilder().withModel('m').withApiKey('k').withBaseUrl('ws://127.0.0.1:9/v1').build().id).toBe('openai');
    expect(configurationError(() => new ClaudeBuilder().withModel('m').withApiKey('k').withBaseUrl('wss://x').build()).message).toContain('"wss://x"');
    expect(configurationError(() => new ResponsesBuilder().withModel('m').withBaseUrl('ftp://x/v1').build()).message).toContain('http/https/ws/wss URL');
  });
});
