import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ProviderResponse } from '../../lib/core/provider.types';
import { AzureOpenAIBuilder } from '../../lib/providers/azure';
import { FixtureServer, sseBody } from '../support/fixture-server';
import { describeWithFixtures, fixtureFiles, readChunkLines } from '../support/fixtures';
import { responsesFrames } from '../support/responses-fixture-server';
import { collect, deltas, finalResponse, textOf, userText } from '../support/responses-helpers';
import { expectedFromResponse, firstCycle, rawDeltas } from './responses-expectations';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'azure-conformance-key-0123456789';
const JSON_TYPE = { 'content-type': 'application/json' };
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const request = { messages: [userText('recorded')] };

/** The recorded answer's text, tool calls, usage and finish reason, read from the raw Responses body. */
function checkResponsesResult(response: ProviderResponse, raw: Raw): void {
  const expected = expectedFromResponse(raw);
  expect(textOf(response)).toBe(expected.text);
  expect(response.parts.filter((p) => p.type === 'tool-call').map((c) => (c.type === 'tool-call' ? { id: c.id, name: c.name, arguments: c.arguments } : c))).toEqual(
    expected.toolCalls,
  );
  expect(response.usage).toMatchObject({ inputTokens: expected.inputTokens, outputTokens: expected.outputTokens });
  expect(response.finishReason.unified).toBe(expected.finish);
  expect(response.parts.filter((p) => p.type === 'reasoning')).toHaveLength(expected.reasoningItems);
  expect(response.parts.filter((p) => p.type === 'image')).toHaveLength(expected.images);
}

describeWithFixtures('Azure OpenAI conformance on recorded traffic (../shared/fixtures/azure)', () => {
  let server: FixtureServer;
  beforeAll(async () => (server = await FixtureServer.start()));
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const responses = () => new AzureOpenAIBuilder().withBaseUrl(server.url('/openai')).withDeployment('gpt-5.1').withApiKey(KEY).build();
  const chat = () =>
    new AzureOpenAIBuilder()
      .withBaseUrl(server.url('/openai'))
      .withDeployment('DeepSeek-R1')
      .withChatCompletions()
      .withDeploymentUrls()
      .withApiVersion('2024-10-21')
      .withApiKey(KEY)
      .build();

  const responsesJson = fixtureFiles('azure', (n) => n.endsWith('.json') && !n.startsWith('azure-deepseek'));
  const responsesChunks = fixtureFiles('azure', (n) => n.endsWith('.chunks.txt') && !n.startsWith('azure-deepseek'));

  it('finds the Azure recordings', () => {
    expect(responsesJson.length).toBeGreaterThanOrEqual(6);
    expect(responsesChunks.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of responsesJson) {
    it(`reads ${basename(file)} (Responses on /openai/v1/responses, api-key header)`, async () => {
      const body = readFileSync(file, 'utf8');
      const raw = JSON.parse(body) as Raw;
      server.enqueue({ headers: JSON_TYPE, body });
      checkResponsesResult(await responses().complete(request), raw);
      expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/openai/v1/responses' });
      expect(server.requests[0].headers['api-key']).toBe(KEY);
      expect(server.requests[0].headers.authorization).toBeUndefined();
    });
  }

  for (const file of responsesChunks) {
    it(`streams ${basename(file)}`, async () => {
      const lines = readChunkLines(file);
      const rawEvents = lines.map((l) => JSON.parse(l) as Raw);
      server.enqueue({ headers: SSE, body: responsesFrames(lines) });
      const events = await collect(responses().stream(request));
      const cycle = firstCycle(rawEvents);
      expect(deltas(events, 'text-delta')).toBe(rawDeltas(cycle.events, ['response.output_text.delta', 'response.refusal.delta']));
      const terminal = cycle.terminal?.response as Raw | undefined;
      if (terminal && (terminal.output ?? []).length > 0) checkResponsesResult(finalResponse(events), terminal);
      expect(server.requests[0].json).toMatchObject({ model: 'gpt-5.1', stream: true });
    });
  }

  it('reads azure-deepseek-reasoning.1.json (Chat Completions on a deployment URL)', async () => {
    const [file] = fixtureFiles('azure', (n) => n === 'azure-deepseek-reasoning.1.json');
    const body = readFileSync(file, 'utf8');
    const raw = JSON.parse(body) as Raw;
    server.enqueue({ headers: JSON_TYPE, body });
    const response = await chat().complete(request);
    const message = raw.choices[0].message;
    expect(textOf(response)).toBe(message.content);
    expect(response.parts.filter((p) => p.type === 'reasoning').map((p) => (p.type === 'reasoning' ? p.text : '')).join('')).toBe(message.reasoning_content);
    expect(response.usage).toMatchObject({ inputTokens: raw.usage.prompt_tokens, outputTokens: raw.usage.completion_tokens });
    expect(server.requests[0].path).toBe('/openai/deployments/DeepSeek-R1/chat/completions?api-version=2024-10-21');
  });

  it('streams azure-deepseek-reasoning.1.chunks.txt and openai-chat/azure-model-router.1.chunks.txt (prompt_filter_results chunk first)', async () => {
    for (const file of [...fixtureFiles('azure', (n) => n === 'azure-deepseek-reasoning.1.chunks.txt'), ...fixtureFiles('openai-chat', (n) => n === 'azure-model-router.1.chunks.txt')]) {
      server.reset();
      const lines = readChunkLines(file);
      const raw = lines.map((l) => JSON.parse(l) as Raw);
      server.enqueue({ headers: SSE, body: sseBody(lines) });
      const events = await collect(chat().stream(request));
      const content = raw.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
      const reasoning = raw.map((c) => c.choices?.[0]?.delta?.reasoning_content ?? '').join('');
      expect(deltas(events, 'text-delta')).toBe(content);
      expect(deltas(events, 'reasoning-delta')).toBe(reasoning);
      const usage = [...raw].reverse().find((c) => c.usage)?.usage as Raw | undefined;
      if (usage) expect(finalResponse(events).usage).toMatchObject({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens });
      expect(server.requests[0].headers['api-key']).toBe(KEY);
    }
  });
});
