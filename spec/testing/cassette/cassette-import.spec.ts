import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { lastValueFrom, toArray } from 'rxjs';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { CassetteFormatError } from '../../../lib/errors';
import { CassettePlayer, importHttprr, importVcrCassette, splitStream, type ProviderEmulator } from '../../../lib/testing';

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
});
