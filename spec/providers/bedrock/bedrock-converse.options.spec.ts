import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import { BedrockBuilder, guardrailCategories } from '../../../lib/providers/bedrock';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { FixtureServer } from '../../support/fixture-server';
import { collect, userText } from '../../support/responses-helpers';

const MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const KEY = 'bedrock-options-key-0123456789';
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const frame = (type: string, payload: object): Buffer =>
  Buffer.from(codec.encode({ headers: { ':event-type': { type: 'string', value: type }, ':content-type': { type: 'string', value: 'application/json' }, ':message-type': { type: 'string', value: 'event' } }, body: fromUtf8(JSON.stringify(payload)) }));

/**
 * Guardrail traces and citations as the Converse API reference documents them. No recording of
 * either exists in ../shared/fixtures/amazon-bedrock (its MANIFEST lists them as gaps), so these
 * bodies are constructed from the documented shapes; cache tokens are checked on the live
 * recordings in spec/conformance/bedrock.conformance.spec.ts.
 */
const TRACE = {
  guardrail: {
    inputAssessment: {
      gr1: {
        topicPolicy: { topics: [{ name: 'Investing', type: 'DENY', action: 'BLOCKED' }] },
        contentPolicy: { filters: [{ type: 'VIOLENCE', confidence: 'HIGH', filterStrength: 'HIGH', action: 'BLOCKED' }, { type: 'HATE', confidence: 'NONE', filterStrength: 'HIGH', action: 'NONE' }] },
      },
    },
    outputAssessments: { gr1: [{ sensitiveInformationPolicy: { piiEntities: [{ match: 'a@b.c', type: 'EMAIL', action: 'ANONYMIZED' }] } }] },
  },
};
const BLOCKED = 'Sorry, the model cannot answer this question.';

describe('Bedrock guardrails, prompt caching and citations', () => {
  let server: FixtureServer;
  let emulator: ProviderEmulator;
  beforeAll(async () => ([server, emulator] = await Promise.all([FixtureServer.start(), ProviderEmulator.start()])));
  afterAll(() => Promise.all([server.close(), emulator.close()]));
  beforeEach(() => (server.reset(), emulator.reset()));
  const builder = (url: string) => new BedrockBuilder().withModel(MODEL).withRegion('us-east-1').withBaseUrl(url).withApiKey(KEY);

  it('reads which policies acted from a guardrail trace, input and output, skipping those that did not', () => {
    expect(guardrailCategories(TRACE)).toEqual(['topic:Investing', 'content:VIOLENCE', 'pii:EMAIL']);
    expect(guardrailCategories(undefined)).toEqual([]);
  });

  it('a guardrail intervention (Converse) is a content-filter finish with a warning naming the policies; the guardrail message is the answer', async () => {
    server.enqueue({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: BLOCKED }] } }, stopReason: 'guardrail_intervened', usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, metrics: { latencyMs: 180 }, trace: TRACE }),
    });
    const provider = builder(server.url()).withGuardrail({ identifier: 'gr1', version: '3' }).build();
    const response = await provider.complete({ messages: [userText('Should I buy stock?')] });
    expect(response.finishReason).toEqual({ unified: 'content-filter', raw: 'guardrail_intervened' });
    expect(response.parts).toEqual([{ type: 'text', text: BLOCKED }]);
    expect(response.warnings).toEqual(["bedrock: a guardrail intervened (topic:Investing, content:VIOLENCE, pii:EMAIL); the answer is the guardrail's message"]);
    expect(server.requests[0].json).toMatchObject({ guardrailConfig: { guardrailIdentifier: 'gr1', guardrailVersion: '3', trace: 'enabled' } });
    expect(server.requests[0].json).not.toHaveProperty('guardrailConfig.streamProcessingMode');
  });

  it('a guardrail intervention (ConverseStream, trace in metadata) ends with a warning event before the content-filter finish', async () => {
    server.enqueue({
      headers: { 'content-type': 'application/vnd.amazon.eventstream' },
      body: [
        frame('messageStart', { role: 'assistant' }),
        frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: BLOCKED } }),
        frame('contentBlockStop', { contentBlockIndex: 0 }),
        frame('messageStop', { stopReason: 'guardrail_intervened' }),
        frame('metadata', { usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, metrics: { latencyMs: 90 }, trace: TRACE }),
      ],
    });
    const provider = builder(server.url()).withGuardrail({ identifier: 'gr1', version: 'DRAFT', streamProcessingMode: 'async' }).build();
    const events: ModelStreamEvent[] = await collect(provider.stream({ messages: [userText('Should I buy stock?')] }));
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'warning', 'usage', 'step-finish']);
    expect(events[1]).toEqual({ type: 'warning', message: expect.stringContaining('(topic:Investing, content:VIOLENCE, pii:EMAIL)') });
    const finish = events[3];
    expect(finish.type === 'step-finish' && finish.response.finishReason).toEqual({ unified: 'content-filter', raw: 'guardrail_intervened' });
    expect(server.requests[0].json).toMatchObject({ guardrailConfig: { guardrailIdentifier: 'gr1', guardrailVersion: 'DRAFT', streamProcessingMode: 'async' } });
  });

  it('a guardrail stop without a trace still warns, and says how to see the policy', async () => {
    server.enqueue({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: BLOCKED }] } }, stopReason: 'guardrail_intervened', usage: {} }) });
    const response = await builder(server.url()).build().complete({ messages: [userText('x')] });
    expect(response.warnings).toEqual([expect.stringMatching(/guardrail intervened; .*withGuardrail\(\)/)]);
  });

  it('withPromptCaching() puts cachePoint blocks after the system prompt, the tools and the last message; withCitations() asks for citations on documents', async () => {
    const provider = builder(emulator.url()).withPromptCaching().withCitations().build();
    await provider.complete({
      system: 'You read reports.',
      messages: [{ role: 'user', parts: [{ type: 'text', text: 'Summarise' }, { type: 'file', source: { kind: 'base64', data: Buffer.from('Revenue grew 12%.').toString('base64'), mediaType: 'text/plain' }, filename: 'q3.txt' }] }],
      tools: [{ name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: {} } }],
    });
    const body = emulator.requests()[0].body as { system: unknown[]; toolConfig: { tools: unknown[] }; messages: Array<{ content: unknown[] }> };
    const point = { cachePoint: { type: 'default' } };
    expect(body.system).toEqual([{ text: 'You read reports.' }, point]);
    expect(body.toolConfig.tools.at(-1)).toEqual(point);
    expect(body.toolConfig.tools).toHaveLength(2);
    expect(body.messages.at(-1)?.content).toEqual([{ text: 'Summarise' }, { document: expect.objectContaining({ format: 'txt', name: 'q3', citations: { enabled: true } }) }, point]);
    const plain = builder(emulator.url()).withPromptCaching(['system']).build();
    await plain.complete({ system: 'S', messages: [userText('Hi')] });
    const second = emulator.requests()[1].body as { system: unknown[]; messages: Array<{ content: unknown[] }> };
    expect([second.system, second.messages[0].content]).toEqual([[{ text: 'S' }, point], [{ text: 'Hi' }]]);
  });

  it('cache reads and writes come back as cachedInputTokens and cacheCreationTokens, whole and streamed', async () => {
    emulator.script([{ text: 'Cached.', usage: { input: 10, output: 2, cached: 90 } }, { text: 'Cached.', usage: { input: 10, output: 2, cached: 90 } }]);
    const provider = builder(emulator.url()).withPromptCaching().build();
    const whole = await provider.complete({ messages: [userText('Hi')] });
    expect(whole.usage).toMatchObject({ inputTokens: 100, cachedInputTokens: 90, cacheCreationTokens: 0, outputTokens: 2 });
    const events = await collect(provider.stream({ messages: [userText('Hi')] }));
    expect(events.find((e) => e.type === 'usage')).toEqual({ type: 'usage', usage: expect.objectContaining({ inputTokens: 100, cachedInputTokens: 90 }) });
  });

  it('citations come back as sources on the cited text: citationsContent (Converse) and citation deltas (ConverseStream)', async () => {
    const citation = { title: 'q3', sourceContent: [{ text: 'Revenue grew 12%.' }], location: { documentChar: { documentIndex: 0, start: 0, end: 17 } } };
    server.enqueue({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ output: { message: { role: 'assistant', content: [{ citationsContent: { content: [{ text: 'Revenue grew 12%.' }], citations: [citation] } }] } }, stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 4 } }),
    });
    server.enqueue({
      headers: { 'content-type': 'application/vnd.amazon.eventstream' },
      body: [
        frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Revenue grew 12%.' } }),
        frame('contentBlockDelta', { contentBlockIndex: 0, delta: { citation: { ...citation, location: { documentPage: { documentIndex: 1, start: 2, end: 3 } } } } }),
        frame('contentBlockDelta', { contentBlockIndex: 0, delta: { citation: { title: 'news', location: { web: { url: 'https://news.test/q3', domain: 'news.test' } } } } }),
        frame('messageStop', { stopReason: 'end_turn' }),
      ],
    });
    const provider = builder(server.url()).withCitations().build();
    const whole = await provider.complete({ messages: [userText('Revenue?')] });
    expect(whole.parts).toEqual([{ type: 'text', text: 'Revenue grew 12%.', sources: [{ url: 'document:0', title: 'q3' }] }]);
    const events = await collect(provider.stream({ messages: [userText('Revenue?')] }));
    const finish = events.at(-1);
    expect(finish?.type === 'step-finish' && finish.response.parts).toEqual([
      { type: 'text', text: 'Revenue grew 12%.', sources: [{ url: 'document:1', title: 'q3' }, { url: 'https://news.test/q3', title: 'news' }] },
    ]);
  });
});
