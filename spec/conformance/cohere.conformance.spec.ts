import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ProviderResponse } from '../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import { InvalidResponseError } from '../../lib/errors';
import { CohereBuilder } from '../../lib/providers/cohere';
import { FixtureServer, sseBody } from '../support/fixture-server';
import { describeWithFixtures, fixtureFiles, readChunkLines } from '../support/fixtures';
import { collect, userText } from '../support/responses-helpers';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'co-conformance-key-0123456789';
const MODEL = 'command-a-03-2025';
const request = { messages: [userText('recorded')] };
const UNIFIED: Record<string, string> = { COMPLETE: 'stop', STOP_SEQUENCE: 'stop', MAX_TOKENS: 'length', TOOL_CALL: 'tool-calls' };

/** Arguments as the recording sends them: a JSON string, where `""` and `"null"` mean none. */
const args = (raw: string): unknown => (raw === '' || JSON.parse(raw) === null ? {} : JSON.parse(raw));

/** What a recorded `message` says, read straight from the raw body. */
function expectedFromMessage(message: Raw): { text: string; reasoning: string; calls: unknown[] } {
  const content: Raw[] = message.content ?? [];
  return {
    text: content.map((c) => (c.type === 'text' ? c.text : '')).join(''),
    reasoning: (message.tool_plan ?? '') + content.map((c) => (c.type === 'thinking' ? c.thinking : '')).join(''),
    calls: (message.tool_calls ?? []).map((c: Raw) => ({ id: c.id, name: c.function.name, arguments: args(c.function.arguments) })),
  };
}

function actual(response: ProviderResponse): ReturnType<typeof expectedFromMessage> {
  return {
    text: response.parts.map((p) => (p.type === 'text' ? p.text : '')).join(''),
    reasoning: response.parts.map((p) => (p.type === 'reasoning' ? p.text : '')).join(''),
    calls: response.parts.flatMap((p) => (p.type === 'tool-call' ? [{ id: p.id, name: p.name, arguments: p.arguments }] : [])),
  };
}

/** Usage as the recording states it: the tokens the model saw, the cached part. */
const expectedUsage = (u: Raw) => ({ inputTokens: u.tokens.input_tokens, outputTokens: u.tokens.output_tokens, cachedInputTokens: u.cached_tokens });

describeWithFixtures('Cohere v2 chat and embed conformance on recorded traffic (../shared/fixtures/cohere)', () => {
  let server: FixtureServer;
  beforeAll(async () => (server = await FixtureServer.start()));
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  const provider = () => new CohereBuilder().withModel(MODEL).withBaseUrl(server.url()).withApiKey(KEY).withEmbeddings('embed-v4.0').build();

  const jsonFiles = fixtureFiles('cohere', (n) => n.endsWith('.json') && !n.includes('embedding'));
  const chunkFiles = fixtureFiles('cohere', (n) => n.endsWith('.chunks.txt'));

  it('finds the Cohere recordings', () => {
    expect(jsonFiles.length).toBeGreaterThanOrEqual(6);
    expect(chunkFiles.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of jsonFiles) {
    it(`reads ${basename(file)} (POST /v2/chat)`, async () => {
      const body = readFileSync(file, 'utf8');
      const raw = JSON.parse(body) as Raw;
      server.enqueue({ headers: { 'content-type': 'application/json' }, body });
      const response = await provider().complete(request);
      expect(actual(response)).toEqual(expectedFromMessage(raw.message));
      expect(response.finishReason).toEqual({ unified: UNIFIED[raw.finish_reason] ?? 'other', raw: raw.finish_reason });
      expect(response.usage).toMatchObject(expectedUsage(raw.usage));
      expect(response.metadata).toMatchObject({ id: raw.id, provider: 'cohere', model: MODEL });
      const sources = response.parts.flatMap((p) => (p.type === 'text' ? (p.sources ?? []) : []));
      const cited = (raw.message.citations ?? []).flatMap((c: Raw) => c.sources.map((s: Raw) => ({ title: s.document.title, startIndex: c.start, endIndex: c.end })));
      expect(sources).toEqual(cited.map((c: Raw) => expect.objectContaining(c)));
      const text = actual(response).text;
      for (const c of raw.message.citations ?? []) expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v2/chat' });
      expect(server.requests[0].json).toMatchObject({ model: MODEL, stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'recorded' }] }] });
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    });
  }

  for (const file of chunkFiles) {
    for (const named of [false, true]) {
      it(`streams ${basename(file)} as SSE${named ? ' with event: lines' : ''}`, async () => {
        const lines = readChunkLines(file);
        const raw = lines.map((l) => JSON.parse(l) as Raw);
        server.enqueue({ headers: { 'content-type': 'text/event-stream' }, body: sseBody(lines, { done: false, eventName: named ? (l) => JSON.parse(l).type : undefined }) });
        const events: ModelStreamEvent[] = await collect(provider().stream(request));
        const of = (type: string) => raw.filter((r) => r.type === type);
        const text = of('content-delta').map((r) => r.delta.message.content.text ?? '').join('');
        const reasoning = [...of('tool-plan-delta').map((r) => r.delta.message.tool_plan), ...of('content-delta').map((r) => r.delta.message.content.thinking ?? '')].join('');
        expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe(text);
        expect(events.filter((e) => e.type === 'reasoning-delta').map((e) => (e.type === 'reasoning-delta' ? e.delta : '')).join('')).toBe(reasoning);
        const calls = of('tool-call-start').map((s) => {
          const input = raw.filter((r) => r.type === 'tool-call-delta' && r.index === s.index).map((r) => r.delta.message.tool_calls.function.arguments).join('');
          return { id: s.delta.message.tool_calls.id, name: s.delta.message.tool_calls.function.name, arguments: args(s.delta.message.tool_calls.function.arguments + input) };
        });
        expect(events.filter((e) => e.type === 'tool-call-start').map((e) => (e.type === 'tool-call-start' ? e.id : ''))).toEqual(calls.map((c) => c.id));
        expect(events.flatMap((e) => (e.type === 'tool-call-end' ? [{ id: e.call.id, name: e.call.name, arguments: e.call.arguments }] : []))).toEqual(calls);
        const finish = events.at(-1);
        expect(finish?.type).toBe('step-finish');
        if (finish?.type !== 'step-finish') return;
        const end = of('message-end')[0].delta;
        expect(actual(finish.response)).toEqual({ text, reasoning, calls });
        expect(finish.response.finishReason).toEqual({ unified: UNIFIED[end.finish_reason], raw: end.finish_reason });
        expect(finish.response.usage).toMatchObject(expectedUsage(end.usage));
        expect(finish.response.metadata.id).toBe(of('message-start')[0].id);
        expect(server.requests[0].json).toMatchObject({ stream: true });
        expect(server.requests[0].headers.accept).toBe('text/event-stream');
      });
    }
  }

  it('a stream cut before message-end fails with InvalidResponseError, after the text it carried', async () => {
    const [file] = fixtureFiles('cohere', (n) => n === 'cohere-text.chunks.txt');
    const lines = readChunkLines(file).filter((l) => JSON.parse(l).type !== 'message-end');
    server.enqueue({ headers: { 'content-type': 'text/event-stream' }, body: sseBody(lines, { done: false }) });
    const seen: string[] = [];
    const failure = await new Promise((resolve) => provider().stream(request).subscribe({ next: (e) => e.type === 'text-delta' && seen.push(e.delta), error: resolve, complete: () => resolve(undefined) }));
    expect(seen.join('')).toBe('The capital of France is Paris.');
    expect(failure).toBeInstanceOf(InvalidResponseError);
  });

  it('reads cohere-embedding.json (POST /v2/embed): float vectors in order, billed tokens, input_type and output_dimension on the wire', async () => {
    const [file] = fixtureFiles('cohere', (n) => n === 'cohere-embedding.json');
    const body = readFileSync(file, 'utf8');
    const raw = JSON.parse(body) as Raw;
    server.enqueue({ headers: { 'content-type': 'application/json' }, body });
    const result = await provider().embed({ texts: raw.texts, dimensions: 5, taskType: 'retrieval-query' });
    expect(result.vectors.map((v) => Array.from(v))).toEqual(raw.embeddings.float.map((v: number[]) => v.map((x) => Math.fround(x))));
    expect(result).toMatchObject({ provider: 'cohere', model: 'embed-v4.0', dimensions: 5, usage: { inputTokens: raw.meta.billed_units.input_tokens } });
    expect(server.requests[0].path).toBe('/v2/embed');
    expect(server.requests[0].json).toEqual({ model: 'embed-v4.0', texts: raw.texts, input_type: 'search_query', embedding_types: ['float'], output_dimension: 5 });
  });
});
