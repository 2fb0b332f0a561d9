import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ProviderRequest, ProviderResponse } from '../../lib/core/provider.types';
import type { ToolCallPart } from '../../lib/core/content-part.types';
import { AuthenticationError, ChatError, RateLimitError } from '../../lib/errors';
import { GeminiBuilder, type GeminiProvider } from '../../lib/providers/gemini';
import { collect, GEMINI_TEST_KEY, stepFinish, userRequest } from '../support/gemini-emulator';
import { describeWithFixtures, fixtureFiles, readChunkLines, readExchanges } from '../support/fixtures';
import { FixtureServer } from '../support/fixture-server';
import { checkUntidyReplays } from '../support/untidy-replay';
import { conversationFromRecording, recordedFacts, responseFacts, sameBase64, type RecordedFacts } from '../support/gemini-oracle';

type WireContent = { role?: string; parts?: Array<Record<string, any>> };

const SSE = 'text/event-stream';
const parseSse = (body: string): unknown[] =>
  body
    .split(/\r?\n\r?\n/)
    .map((block) => block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n'))
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data));
const crlfFrames = (lines: readonly string[]): string => lines.map((line) => `data: ${line}\r\n\r\n`).join('');
/** A body as several writes, so that events and UTF-8 characters get cut across reads. */
const inPieces = (body: string, count: number): Buffer[] => {
  const bytes = Buffer.from(body, 'utf8');
  const size = Math.max(1, Math.ceil(bytes.length / count));
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
};
const answer = (status: number, contentType: string, body: string, pieces = 3) => ({ status, headers: { 'content-type': contentType }, body: inPieces(body, pieces) });
const modelOf = (events: readonly unknown[]): string => (events[0] as { modelVersion?: string }).modelVersion ?? 'gemini-2.5-flash';

function expectMatchesRecording(response: ProviderResponse, facts: RecordedFacts): void {
  const got = responseFacts(response);
  expect(got.text).toBe(facts.text);
  expect(got.thoughts).toBe(facts.thoughts);
  expect(got.signatures).toEqual(facts.signatures);
  expect(got.calls.map((c) => c.name)).toEqual([...facts.wholeCalls.map((c) => c.name), ...facts.pieceCallNames]);
  if (facts.pieceCallNames.length === 0) expect(got.wholeCalls).toEqual(facts.wholeCalls);
  for (const call of got.calls) {
    expect(call).toMatchObject({ status: 'pending', origin: { provider: 'gemini' } });
    expect(call.id).toEqual(expect.any(String));
  }
  expect(response.usage).toEqual(facts.usage);
  expect(response.finishReason.raw).toBe(facts.finishReason);
  if (facts.finishReason === 'STOP') expect(response.finishReason.unified).toBe(got.calls.length > 0 ? 'tool-calls' : 'stop');
  expect(response.metadata.provider).toBe('gemini');
}

/** Our follow-up request's contents against the recorded one: roles, texts, calls, signatures, responses. */
function expectSameConversation(ours: readonly WireContent[], recorded: readonly WireContent[]): void {
  expect(ours.map((c) => c.role ?? 'user')).toEqual(recorded.map((c) => c.role ?? 'user'));
  ours.forEach((content, i) => {
    const mine = content.parts ?? [];
    const theirs = recorded[i].parts ?? [];
    const texts = (parts: WireContent['parts']) => (parts ?? []).filter((p) => typeof p.text === 'string' && !p.thought && p.text !== '').map((p) => p.text).join('');
    expect(texts(mine)).toBe(texts(theirs));
    const calls = (parts: WireContent['parts']) => (parts ?? []).filter((p) => p.functionCall).map((p) => [p.functionCall.name, p.functionCall.args ?? {}]);
    expect(calls(mine)).toEqual(calls(theirs));
    const firstCall = (parts: WireContent['parts']) => (parts ?? []).find((p) => p.functionCall);
    if (firstCall(theirs)?.thoughtSignature) expect(sameBase64(firstCall(mine)?.thoughtSignature, firstCall(theirs)?.thoughtSignature)).toBe(true);
    const theirSignatures = theirs.flatMap((p) => (p.thoughtSignature ? [p.thoughtSignature] : []));
    for (const part of mine) if (part.thoughtSignature) expect(theirSignatures.some((s) => sameBase64(s, part.thoughtSignature))).toBe(true);
    const responses = (parts: WireContent['parts']) => (parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse.name);
    expect(responses(mine)).toEqual(responses(theirs));
  });
}

function expectedError(status: number, body: string): (error: ChatError) => void {
  const details = (JSON.parse(body) as { error: { details?: Array<Record<string, string>> } }).error.details ?? [];
  const delay = details.find((d) => d['@type'].endsWith('RetryInfo'))?.retryDelay;
  return (error) => {
    expect(error.provider).toBe('gemini');
    expect(error.status).toBe(status);
    if (details.some((d) => d.reason === 'API_KEY_INVALID')) expect(error).toBeInstanceOf(AuthenticationError);
    if (status === 429) {
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterSeconds).toBe(Number(delay?.replace(/s$/, '')));
    }
  };
}

describeWithFixtures('Gemini conformance (recorded traffic: ../shared/fixtures/google)', () => {
  const all = fixtureFiles('google');
  let server: FixtureServer;
  const checked = new Set<string>();
  beforeAll(async () => (server = await FixtureServer.start()));
  beforeEach(() => server.reset());
  afterAll(async () => {
    await server.close();
    console.log(`gemini conformance: ${checked.size} of ${all.length} fixture files in google/ checked`);
  });
  const provider = (model: string): GeminiProvider =>
    new GeminiBuilder().withModel(model).withApiKey(GEMINI_TEST_KEY).withBaseUrl(server.url('/v1beta')).build();
  const file = (name: string): string => all.find((f) => basename(f) === name) as string;

  const names = all.map((f) => basename(f));
  const chunks = names.filter((f) => f.endsWith('.chunks.txt'));
  const wholes = names.filter((f) => f.endsWith('.json') && !f.includes('429'));
  const cassettes = names.filter((f) => /\.ya?ml$/.test(f));

  it.each(chunks)('stream %s (re-framed as data: …\\r\\n\\r\\n)', async (name) => {
    const lines = readChunkLines(file(name));
    const events = lines.map((l) => JSON.parse(l) as unknown);
    server.enqueue(answer(200, SSE, crlfFrames(lines), 7));
    const model = modelOf(events);
    const streamed = await collect(provider(model).stream(userRequest('recorded')));
    const { response } = stepFinish(streamed);
    expect(server.requests[0].path).toBe(`/v1beta/models/${model}:streamGenerateContent?alt=sse`);
    expect(server.requests[0].headers['x-goog-api-key']).toBe(GEMINI_TEST_KEY);
    const facts = recordedFacts(events);
    expectMatchesRecording(response, facts);
    expect(streamed.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('')).toBe(facts.text);
    const ends = streamed.flatMap((e) => (e.type === 'tool-call-end' ? [e.call.id] : []));
    expect(ends).toEqual(responseFacts(response).calls.map((c) => c.id));
    for (const call of responseFacts(response).calls) {
      const deltas = streamed.flatMap((e) => (e.type === 'tool-call-delta' && e.id === call.id ? [e.delta] : []));
      expect(JSON.parse(deltas.join(''))).toEqual(call.arguments);
    }
    checked.add(name);
  });

  it.each(chunks)('stream %s re-chunked at random bytes and cut after each event', async (name) => {
    const lines = readChunkLines(file(name));
    const model = modelOf(lines.map((l) => JSON.parse(l) as unknown));
    await checkUntidyReplays(`google/${name}`, crlfFrames(lines), 'sse', (pieces) => {
      server.enqueue({ status: 200, headers: { 'content-type': SSE }, body: [...pieces] });
      return provider(model);
    });
  });

  it.each(cassettes)('cassette %s: streamed exchanges re-chunked at random bytes and cut after each event', async (name) => {
    const streams = readExchanges(file(name)).filter((e) => e.status < 400 && e.url.includes(':streamGenerateContent'));
    for (const exchange of streams) {
      const model = /models\/([^:/]+):/.exec(exchange.url)?.[1] ?? 'gemini-2.5-flash';
      await checkUntidyReplays(`google/${name}#${exchange.index}`, exchange.body, 'sse', (pieces) => {
        server.enqueue({ status: 200, headers: { 'content-type': exchange.headers['content-type'] ?? SSE }, body: [...pieces] });
        return provider(model);
      });
    }
  });

  it.each(wholes)('whole response %s', async (name) => {
    const body = readFileSync(file(name), 'utf8');
    server.enqueue(answer(200, 'application/json; charset=UTF-8', body));
    const model = modelOf([JSON.parse(body)]);
    const response = await provider(model).complete(userRequest('recorded'));
    expect(server.requests[0].path).toBe(`/v1beta/models/${model}:generateContent`);
    expectMatchesRecording(response, recordedFacts([JSON.parse(body)]));
    checked.add(name);
  });

  it('assembles streamed partialArgs (google-stream-tool-call-arguments, Gemini 3.1)', async () => {
    const calls = await piecesOf('google-stream-tool-call-arguments.chunks.txt');
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ['getWeather', { location: 'Boston' }],
      ['getWeather', { location: 'San Francisco' }],
    ]);
  });

  it('assembles nested partialArgs (google-vertex-stream-tool-call-arguments-nested)', async () => {
    const [call] = await piecesOf('google-vertex-stream-tool-call-arguments-nested.1.chunks.txt');
    const recipe = (call.arguments as { recipe: { name: string; ingredients: Array<Record<string, string>>; steps: string[] } }).recipe;
    expect(call.name).toBe('cookRecipe');
    expect(recipe.name).toBe('Lasagna');
    expect(recipe.ingredients).toHaveLength(10);
    expect(recipe.ingredients[0]).toEqual({ amount: '16 oz', name: 'Lasagna noodles' });
    expect(recipe.ingredients[9]).toEqual({ amount: '1/2 tsp', name: 'Pepper' });
    expect(recipe.steps).toHaveLength(10);
    expect(recipe.steps[1]).toBe('Cook lasagna noodles according to package directions, drain and set aside.');
    expect(recipe.steps[4]).toBe('In a 9x13 baking dish, spread a thin layer of meat sauce.');
  });

  async function piecesOf(name: string): Promise<ToolCallPart[]> {
    const lines = readChunkLines(file(name));
    server.enqueue(answer(200, SSE, crlfFrames(lines), 11));
    const { response } = stepFinish(await collect(provider(modelOf(lines.map((l) => JSON.parse(l)))).stream(userRequest('recorded'))));
    expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    return response.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
  }

  it('maps the recorded 429 RetryInfo body (google-429-retry-info.json), whole and streamed', async () => {
    const body = readFileSync(file('google-429-retry-info.json'), 'utf8');
    const check = expectedError(429, body);
    server.enqueue(answer(429, 'application/json', body), answer(429, 'application/json', body));
    check(await provider('gemini-2.5-flash').complete(userRequest('x')).catch((e: ChatError) => e) as ChatError);
    check(await collect(provider('gemini-2.5-flash').stream(userRequest('x'))).catch((e: ChatError) => e) as ChatError);
    checked.add('google-429-retry-info.json');
  });

  it.each(cassettes)('cassette %s: every exchange, follow-up requests rebuilt from our own answers', async (name) => {
    const exchanges = readExchanges(file(name));
    server.enqueue(...exchanges.map((e) => answer(e.status, e.headers['content-type'] ?? 'application/json', e.body, 5)));
    const answers: ProviderResponse[] = [];
    for (const [index, exchange] of exchanges.entries()) {
      const model = /models\/([^:/]+):/.exec(exchange.url)?.[1] ?? 'gemini-2.5-flash';
      const streaming = exchange.url.includes(':streamGenerateContent');
      const recorded = JSON.parse(exchange.requestBody ?? '{}') as { contents: WireContent[]; systemInstruction?: WireContent };
      const system = (recorded.systemInstruction?.parts ?? []).map((p) => p.text).join('');
      const request: ProviderRequest = { messages: conversationFromRecording(recorded.contents, answers), ...(system ? { system } : {}) };
      const call = streaming ? collect(provider(model).stream(request)).then((events) => stepFinish(events).response) : provider(model).complete(request);
      if (exchange.status >= 400) {
        expectedError(exchange.status, exchange.body)((await call.catch((e: ChatError) => e)) as ChatError);
        continue;
      }
      const response = await call;
      const sent = server.requests[index];
      expect(sent.path).toBe(`/v1beta/models/${model}:${streaming ? 'streamGenerateContent?alt=sse' : 'generateContent'}`);
      expectSameConversation((sent.json as { contents: WireContent[] }).contents, recorded.contents);
      expectMatchesRecording(response, recordedFacts(streaming ? parseSse(exchange.body) : [JSON.parse(exchange.body)]));
      answers.push(response);
    }
    checked.add(name);
  });
});
