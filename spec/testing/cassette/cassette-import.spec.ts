import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { lastValueFrom, toArray } from 'rxjs';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { CassetteFormatError, ChatError } from '../../../lib/errors';
import { BedrockBuilder } from '../../../lib/providers/bedrock';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { CassettePlayer, importHttprr, importResponseFixture, importVcrCassette, splitStream, type ProviderEmulator } from '../../../lib/testing';

const FIXTURES = join(__dirname, '../../../../shared/fixtures');
const BINARY = { tag: '!binary', resolve: (text: string): string => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };
const yaml = (file: string): unknown => YAML.parse(readFileSync(join(FIXTURES, file), 'utf8'), { customTags: [BINARY] });
const ask = (text: string) => ({ messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text }] }] });

describe('cassettes: importing the shared recorded formats', () => {
  let emulator: ProviderEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('imports a Ruby VCR cassette (Anthropic, parallel tool calls) without its X-Api-Key, and a Claude provider gets the recorded tool calls', async () => {
    const cassette = importVcrCassette(yaml('anthropic/chat_function_calling_anthropic_claude-haiku-4-5_can_use_parallel_tool_calls.yml'), 'parallel');
    expect(cassette.interactions).toHaveLength(2);
    expect(JSON.stringify(cassette)).not.toMatch(/x-api-key|ANTHROPIC_API_KEY/i);
    expect(cassette.interactions[0].request.headers).toEqual({ accept: '*/*', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    const player = new CassettePlayer(cassette, { on: ['method', 'path'] });
    emulator = await player.start();
    const claude = new ClaudeBuilder().withBaseUrl(emulator.url()).withApiKey('k').withModel('claude-haiku-4-5').build();
    const answer = await claude.complete(ask('weather?'));
    expect(answer.parts.filter((p) => p.type === 'tool-call').map((p) => (p as { name: string }).name).sort()).toEqual(['best_language_to_learn', 'weather']);
  });

  it('imports a pydantic-ai cassette (Gemini SSE with CRLF framing) into one chunk per event, and a Gemini provider streams it', async () => {
    const cassette = importVcrCassette(yaml('google/test_google_model_stream.yaml'), 'gemini-stream');
    const first = cassette.interactions[0];
    expect(first.request.path).toBe('/v1beta/models/gemini-2.0-flash-exp:streamGenerateContent');
    expect(first.request.query).toEqual({ alt: 'sse' });
    expect(first.response.chunks!.length).toBeGreaterThan(1);
    expect(first.response.chunks!.every((c) => c.text!.endsWith('\r\n\r\n'))).toBe(true);
    const player = new CassettePlayer(cassette, { on: ['method', 'path', 'query'] });
    emulator = await player.start();
    const gemini = new GeminiBuilder().withBaseUrl(emulator.url('/v1beta')).withApiKey('k').withModel('gemini-2.0-flash-exp').build();
    const events = await lastValueFrom(gemini.stream(ask('capital of France?')).pipe(toArray()));
    const text = events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');
    expect(text).toContain('The capital of France is Paris.');
  });

  it('imports an httprr trace (Ollama NDJSON, chunked) keeping each HTTP chunk, and replays those exact bytes', async () => {
    const raw = readFileSync(join(FIXTURES, 'ollama/TestClient_GenerateChatStream.httprr'));
    const cassette = importHttprr(raw, 'ollama');
    const exchange = cassette.interactions[0];
    expect(exchange.request).toMatchObject({ method: 'POST', path: '/api/chat', body: { json: { model: 'gemma3:1b', stream: true } } });
    expect(exchange.request.headers).toEqual({ accept: 'application/x-ndjson', 'content-type': 'application/json' });
    expect(exchange.response.headers['content-type']).toBe('application/x-ndjson');
    const recorded = exchange.response.chunks!.map((c) => c.text).join('');
    expect(recorded.split('\n').filter(Boolean).at(-1)).toContain('"done":true');
    const player = new CassettePlayer(cassette);
    emulator = await player.start();
    const res = await fetch(emulator.url('/api/chat'), { method: 'POST', body: JSON.stringify((exchange.request.body as { json: unknown }).json) });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(await res.text()).toBe(recorded);
  });

  it('splits SSE by events and NDJSON by lines; refuses what is not a cassette', () => {
    expect(splitStream('event: a\ndata: 1\n\nevent: b\ndata: 2\n\n').map((c) => c.text)).toEqual(['event: a\ndata: 1\n\n', 'event: b\ndata: 2\n\n']);
    expect(splitStream('{"a":1}\n{"b":2}\n').map((c) => c.text)).toEqual(['{"a":1}\n', '{"b":2}\n']);
    expect(() => importVcrCassette({ nothing: [] }, 'x')).toThrow(CassetteFormatError);
    expect(() => importHttprr(Buffer.from('GET / HTTP/1.1\r\n'), 'y')).toThrow(/not an "httprr trace v1"/);
  });

  describe('vercel/ai response fixtures (*.chunks.txt, *.json, *.eventstream.base64.txt)', () => {
    const read = (file: string): string => readFileSync(join(FIXTURES, file), 'utf8');
    const lines = (file: string): Array<Record<string, unknown>> => read(file).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const streamText = async (stream: ReturnType<ChatCompletionsBuilder['build']>['stream'] extends (...a: never[]) => infer R ? R : never) =>
      (await lastValueFrom(stream.pipe(toArray()))).map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');

    it('re-frames chunks per provider (Chat Completions with [DONE], Responses with event: lines, Bedrock as event-stream frames) and a provider streams the recorded text', async () => {
      const chat = importResponseFixture('openai-chat/openai-text.chunks.txt', read('openai-chat/openai-text.chunks.txt'), { request: { path: '/v1/chat/completions' }, framing: 'chat-completions' });
      expect(chat.name).toBe('openai-text');
      expect(chat.interactions[0].response.chunks!.at(-1)!.text).toBe('data: [DONE]\n\n');
      const expectedChat = lines('openai-chat/openai-text.chunks.txt').map((l) => ((l.choices as Array<{ delta: { content?: string } }>)[0]?.delta.content ?? '')).join('');
      emulator = await new CassettePlayer(chat, { on: ['method', 'path'] }).start();
      expect(await streamText(new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('k').withModel('gpt-4.1-nano').build().stream(ask('hi')))).toBe(expectedChat);
      await emulator.close();

      const responses = importResponseFixture('openai-phase.1.chunks.txt', read('openai-responses/openai-phase.1.chunks.txt'), { request: { path: '/v1/responses' }, framing: 'responses' });
      expect(responses.interactions[0].response.chunks![0].text).toMatch(/^event: response\.created\ndata: \{/);
      // the recorded deltas are abridged upstream; each item's `output_text.done` holds its whole text
      const expectedResponses = lines('openai-responses/openai-phase.1.chunks.txt').filter((l) => l.type === 'response.output_text.done').map((l) => l.text).join('');
      emulator = await new CassettePlayer(responses, { on: ['method', 'path'] }).start();
      expect(await streamText(new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('k').withModel('gpt-5.3-codex').build().stream(ask('hi')))).toBe(expectedResponses);
      await emulator.close();

      const modelPath = '/model/us.anthropic.claude-sonnet-4-5-v1%3A0/converse-stream';
      const bedrock = importResponseFixture('amazon-bedrock-text.chunks.txt', read('amazon-bedrock/amazon-bedrock-text.chunks.txt'), { request: { path: modelPath }, framing: 'bedrock' });
      expect(bedrock.interactions[0].response.headers['content-type']).toBe('application/vnd.amazon.eventstream');
      const expectedBedrock = lines('amazon-bedrock/amazon-bedrock-text.chunks.txt').map((l) => (l.contentBlockDelta as { delta?: { text?: string } } | undefined)?.delta?.text ?? '').join('');
      emulator = await new CassettePlayer(bedrock, { on: ['method', 'path'] }).start();
      const claudeOnBedrock = new BedrockBuilder().withBaseUrl(emulator.url()).withRegion('us-east-1').withApiKey('k').withModel('us.anthropic.claude-sonnet-4-5-v1:0').build();
      expect(await streamText(claudeOnBedrock.stream(ask('hi')))).toBe(expectedBedrock);
    });

    it('imports a whole *.json body, and raw event-stream bytes whose exception frame reaches the app as a typed error', async () => {
      const whole = importResponseFixture('google-text.json', read('google/google-text.json'), { request: { path: '/v1beta/models/gemini-2.5-flash:generateContent' } });
      emulator = await new CassettePlayer(whole, { on: ['method', 'path'] }).start();
      const answer = await new GeminiBuilder().withBaseUrl(emulator.url('/v1beta')).withApiKey('k').withModel('gemini-2.5-flash').build().complete(ask('hi'));
      const recorded = JSON.parse(read('google/google-text.json')) as { candidates: Array<{ content: { parts: Array<{ text?: string; thought?: boolean }> } }> };
      expect(answer.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('')).toBe(recorded.candidates[0].content.parts.filter((p) => !p.thought).map((p) => p.text ?? '').join(''));
      await emulator.close();

      const raw = importResponseFixture('model-stream-error-exception.eventstream.base64.txt', read('amazon-bedrock/model-stream-error-exception.eventstream.base64.txt'), { request: { path: '/model/m/converse-stream' } });
      expect(Buffer.from(raw.interactions[0].response.chunks![0].base64!, 'base64')).toHaveLength(376);
      emulator = await new CassettePlayer(raw, { on: ['method', 'path'] }).start();
      const seen: string[] = [];
      const bedrock = new BedrockBuilder().withBaseUrl(emulator.url()).withRegion('us-east-1').withApiKey('k').withModel('m').build();
      const failure = await new Promise<unknown>((resolve) =>
        bedrock.stream(ask('hi')).subscribe({ next: (e) => void (e.type === 'text-delta' && seen.push(e.delta)), error: resolve, complete: () => resolve('completed') }),
      );
      expect(seen.join('')).toBe('before error');
      expect(failure).toBeInstanceOf(ChatError);
      expect((failure as ChatError).message).toMatch(/Model Stream Error|Upstream model failed/);
      expect(() => importResponseFixture('x.chunks.txt', '{}', { request: { path: '/' } })).toThrow(/needs options.framing/);
      expect(() => importResponseFixture('x.yaml', '', { request: { path: '/' } })).toThrow(CassetteFormatError);
    });
  });
});
