import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import type { ProviderResponse } from '../../lib/core/provider.types';
import { ChatError, ServerError } from '../../lib/errors';
import { BedrockBuilder } from '../../lib/providers/bedrock';
import { FixtureServer } from '../support/fixture-server';
import { describeWithFixtures, fixtureFiles, readChunkLines } from '../support/fixtures';
import { collect, userText } from '../support/responses-helpers';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'bedrock-api-key-conformance-0123456789';
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const request = { messages: [userText('recorded')] };
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One chunks line `{K: V}` as the frame MANIFEST.md describes: `:message-type` event (or exception for `*Exception`), live header order, a `p` padding member. */
function frame(line: string, index: number): Uint8Array {
  const [[type, value]] = Object.entries(JSON.parse(line) as Raw);
  const exception = /Exception$/.test(type);
  const payload = exception ? value : { ...value, p: 'abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + (index % 20)) };
  return codec.encode({
    headers: {
      [exception ? ':exception-type' : ':event-type']: { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: exception ? 'exception' : 'event' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** The body cut at odd byte offsets, so frames straddle HTTP chunks. */
function pieces(frames: readonly Uint8Array[]): Buffer[] {
  const whole = Buffer.concat(frames.map((f) => Buffer.from(f)));
  const out: Buffer[] = [];
  for (let i = 0, size = 7; i < whole.length; i += size, size = (size * 3) % 61 + 5) out.push(whole.subarray(i, i + size));
  return out;
}

/** What the recorded content blocks say, read straight from the raw body. */
function expectedFromContent(content: Raw[]): { text: string; reasoning: string; signatures: string[]; calls: Array<{ id: string; name: string; arguments: unknown }> } {
  return {
    text: content.map((c) => c.text ?? '').join(''),
    reasoning: content.map((c) => c.reasoningContent?.reasoningText?.text ?? '').join(''),
    signatures: content.map((c) => c.reasoningContent?.reasoningText?.signature).filter(Boolean),
    calls: content.filter((c) => c.toolUse).map((c) => ({ id: c.toolUse.toolUseId, name: c.toolUse.name, arguments: c.toolUse.input })),
  };
}

function actual(response: ProviderResponse): ReturnType<typeof expectedFromContent> {
  return {
    text: response.parts.map((p) => (p.type === 'text' ? p.text : '')).join(''),
    reasoning: response.parts.map((p) => (p.type === 'reasoning' ? p.text : '')).join(''),
    signatures: response.parts.flatMap((p) => (p.type === 'reasoning' && p.signature ? [p.signature] : [])),
    calls: response.parts.flatMap((p) => (p.type === 'tool-call' ? [{ id: p.id, name: p.name, arguments: p.arguments }] : [])),
  };
}

const UNIFIED: Record<string, string> = { end_turn: 'stop', tool_use: 'tool-calls', max_tokens: 'length', stop_sequence: 'stop', guardrail_intervened: 'content-filter' };

describeWithFixtures('Amazon Bedrock conformance on recorded traffic (../shared/fixtures/amazon-bedrock)', () => {
  let server: FixtureServer;
  beforeAll(async () => (server = await FixtureServer.start()));
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  const provider = () => new BedrockBuilder().withModel(MODEL).withRegion('us-east-1').withBaseUrl(server.url()).withApiKey(KEY).build();

  const jsonFiles = fixtureFiles('amazon-bedrock', (n) => n.endsWith('.json'));
  const chunkFiles = fixtureFiles('amazon-bedrock', (n) => n.endsWith('.chunks.txt'));

  it('finds the Bedrock recordings', () => {
    expect(jsonFiles.length).toBeGreaterThanOrEqual(10);
    expect(chunkFiles.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of jsonFiles) {
    it(`reads ${basename(file)} (POST /model/{id}/converse)`, async () => {
      const body = readFileSync(file, 'utf8');
      const raw = JSON.parse(body) as Raw;
      server.enqueue({ headers: { 'content-type': 'application/json' }, body });
      const response = await provider().complete(request);
      expect(actual(response)).toEqual(expectedFromContent(raw.output.message.content));
      const calls = response.parts.filter((p) => p.type === 'tool-call').length;
      expect(response.finishReason).toEqual({ unified: raw.stopReason === 'end_turn' && calls > 0 ? 'tool-calls' : (UNIFIED[raw.stopReason] ?? 'other'), raw: raw.stopReason });
      const u = raw.usage ?? {};
      const input = (u.inputTokens ?? 0) + (u.cacheReadInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0);
      expect(response.usage).toMatchObject({ inputTokens: input, outputTokens: u.outputTokens ?? 0 });
      expect([response.usage.cachedInputTokens, response.usage.cacheCreationTokens]).toEqual([u.cacheReadInputTokens, u.cacheWriteInputTokens]);
      expect(response.warnings).toBeUndefined(); // no guardrail in these recordings
      expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse' });
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    });
  }

  for (const file of chunkFiles) {
    it(`streams ${basename(file)} rebuilt as binary event-stream frames, cut at odd byte offsets`, async () => {
      const lines = readChunkLines(file);
      const raw = lines.map((l) => JSON.parse(l) as Raw);
      server.enqueue({ headers: { 'content-type': 'application/vnd.amazon.eventstream' }, body: pieces(lines.map(frame)) });
      const events: ModelStreamEvent[] = await collect(provider().stream(request));
      const deltas = () => raw.map((r) => r.contentBlockDelta?.delta).filter(Boolean);
      const text = deltas().map((d) => d.text ?? '').join('');
      const reasoning = deltas().map((d) => d.reasoningContent?.text ?? '').join('');
      expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe(text);
      expect(events.filter((e) => e.type === 'reasoning-delta').map((e) => (e.type === 'reasoning-delta' ? e.delta : '')).join('')).toBe(reasoning);
      const finish = events.at(-1);
      expect(finish?.type).toBe('step-finish');
      if (finish?.type !== 'step-finish') return;
      const signatures = deltas().map((d) => d.reasoningContent?.signature).filter(Boolean);
      expect(actual(finish.response).signatures).toEqual(signatures.length > 0 ? [signatures.join('')] : []);
      const starts = raw.filter((r) => r.contentBlockStart?.start?.toolUse).map((r) => r.contentBlockStart);
      const expectedCalls = starts.map((s) => {
        const input = raw.filter((r) => r.contentBlockDelta?.contentBlockIndex === s.contentBlockIndex).map((r) => r.contentBlockDelta.delta.toolUse?.input ?? '').join('');
        return { id: s.start.toolUse.toolUseId, name: s.start.toolUse.name, arguments: input === '' ? {} : JSON.parse(input) };
      });
      expect(actual(finish.response).calls).toEqual(expectedCalls);
      expect(events.filter((e) => e.type === 'tool-call-end')).toHaveLength(expectedCalls.length);
      const stop = raw.find((r) => r.messageStop)?.messageStop.stopReason;
      expect(finish.response.finishReason.raw).toBe(stop);
      const usage = raw.find((r) => r.metadata)?.metadata.usage;
      if (usage) expect(finish.response.usage).toMatchObject({ outputTokens: usage.outputTokens });
      if (usage) expect([finish.response.usage.cachedInputTokens, finish.response.usage.cacheCreationTokens]).toEqual([usage.cacheReadInputTokens, usage.cacheWriteInputTokens]);
      expect(server.requests[0].path).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream');
    });
  }

  it('decodes model-stream-error-exception.eventstream.base64.txt byte for byte: the text before, then a retryable ServerError', async () => {
    const [file] = fixtureFiles('amazon-bedrock', (n) => n === 'model-stream-error-exception.eventstream.base64.txt');
    const bytes = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    expect(bytes).toHaveLength(376);
    server.enqueue({ headers: { 'content-type': 'application/vnd.amazon.eventstream' }, body: [bytes.subarray(0, 100), bytes.subarray(100, 201), bytes.subarray(201)] });
    const seen: string[] = [];
    let failure: unknown;
    await new Promise<void>((resolve) =>
      provider()
        .stream(request)
        .subscribe({ next: (e) => e.type === 'text-delta' && seen.push(e.delta), error: (e) => ((failure = e), resolve()), complete: resolve }),
    );
    expect(seen).toEqual(['before error']);
    expect(failure).toBeInstanceOf(ServerError);
    expect(failure).toMatchObject({ code: 'modelStreamErrorException', status: 424, isRetryable: true, providerMessage: 'Model Stream Error' });
    expect((failure as ChatError).message).toContain('Upstream model failed');
  });
});
