import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentPart, ReasoningPart, ToolCallPart } from '../../lib/core/content-part.types';
import type { ProviderResponse } from '../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import { AuthenticationError } from '../../lib/errors/authentication.error';
import { ChatError } from '../../lib/errors/chat.error';
import { ContextLengthExceededError } from '../../lib/errors/context-length-exceeded.error';
import { InvalidRequestError } from '../../lib/errors/invalid-request.error';
import { ClaudeBuilder } from '../../lib/providers/claude/claude.builder';
import type { ClaudeProvider } from '../../lib/providers/claude/claude.provider';
import { readCassette } from '../support/claude-cassettes';
import { CannedServer, type CannedResponse } from '../support/claude-fixture-server';
import { describeWithFixtures } from '../support/fixtures';
import { expectFromEvents, expectFromMessage, ssePayloads, type RecordedExpectation } from '../support/claude-recorded.oracle';
import { CLAUDE_TEST_KEY, collect, user } from '../support/claude-emulator';
import { checkUntidyReplays } from '../support/untidy-replay';

type Obj = Record<string, unknown>;

const UNIFIED: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  refusal: 'refusal',
  pause_turn: 'pause',
};

const frameOf = (event: Obj): string => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

function readChunks(path: string): Obj[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Obj);
}

/** Checks a provider response against what the recorded wire data says. */
function checkResponse(response: ProviderResponse, expected: RecordedExpectation): void {
  const byType = <T extends ContentPart['type']>(type: T): Array<Extract<ContentPart, { type: T }>> =>
    response.parts.filter((p): p is Extract<ContentPart, { type: T }> => p.type === type);
  expect(byType('text').map((p) => p.text).join('')).toBe(expected.text);
  const reasoning = byType('reasoning') as ReasoningPart[];
  expect(reasoning.filter((r) => !r.redacted).map((r) => ({ text: r.text, signature: r.signature ?? '' }))).toEqual(expected.thinking);
  expect(reasoning.filter((r) => r.redacted).map((r) => r.data)).toEqual(expected.redacted);
  const calls = byType('tool-call') as ToolCallPart[];
  expect(calls.filter((c) => !c.native).map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }))).toEqual(expected.toolCalls);
  expect(calls.filter((c) => c.native).map((c) => c.id)).toEqual(expected.serverCalls);
  expect(byType('provider').map((p) => p.kind)).toEqual(expected.otherBlocks);
  for (const part of [...reasoning, ...calls, ...byType('provider')]) expect(part.origin?.provider).toBe('claude');
  expect(response.finishReason.raw).toBe(expected.stopReason ?? undefined);
  expect(response.finishReason.unified).toBe(expected.stopReason ? (UNIFIED[expected.stopReason] ?? 'other') : 'other');
  expect(response.usage.inputTokens).toBe(expected.inputTokens);
  expect(response.usage.outputTokens).toBe(expected.outputTokens);
  expect(response.usage.totalTokens).toBe(expected.inputTokens + expected.outputTokens);
  expect(response.metadata.provider).toBe('claude');
}

function streamedText(events: readonly ModelStreamEvent[]): string {
  return events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');
}

function finished(events: readonly ModelStreamEvent[]): ProviderResponse {
  const last = events[events.length - 1];
  expect(last?.type).toBe('step-finish');
  return (last as Extract<ModelStreamEvent, { type: 'step-finish' }>).response;
}

function bytePieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Untidy variants of a recorded stream; `same` variants must give the very same result. */
const VARIANTS: ReadonlyArray<{ name: string; same: boolean; make: (events: Obj[]) => CannedResponse }> = [
  { name: 'split into 7-byte writes (cutting UTF-8 characters)', same: true, make: (ev) => ({ frames: bytePieces(Buffer.from(ev.map(frameOf).join('')), 7) }) },
  { name: 'CRLF framing', same: true, make: (ev) => ({ frames: ev.map((e) => frameOf(e).replace(/\n/g, '\r\n')) }) },
  { name: 'pings, comments and unknown events between events', same: true, make: (ev) => ({ frames: ev.flatMap((e) => [': keep-alive\n\n', frameOf({ type: 'ping' }), frameOf({ type: 'brand_new_event', x: 1 }), frameOf(e)]) }) },
  { name: 'no content_block_stop', same: true, make: (ev) => ({ frames: ev.filter((e) => e.type !== 'content_block_stop').map(frameOf) }) },
  { name: 'no message_stop', same: true, make: (ev) => ({ frames: ev.filter((e) => e.type !== 'message_stop').map(frameOf) }) },
  { name: 'cut in the middle', same: false, make: (ev) => ({ frames: ev.slice(0, Math.ceil(ev.length / 2)).map(frameOf) }) },
  { name: 'reset in the middle', same: false, make: (ev) => ({ frames: ev.slice(0, Math.ceil(ev.length / 2)).map(frameOf), reset: true }) },
];

describeWithFixtures('anthropic conformance (recorded traffic)', (root) => {
  const dir = join(root, 'anthropic');
  const files = readdirSync(dir).sort();
  const checked = new Set<string>();
  let server: CannedServer;
  let claude: ClaudeProvider;

  beforeAll(async () => {
    server = await CannedServer.start();
    claude = new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey(CLAUDE_TEST_KEY).withBaseUrl(server.url).build();
  });
  afterAll(async () => {
    await server?.close();
    console.log(`anthropic conformance: ${checked.size} of ${files.length} recorded fixture files checked`);
  });

  it('finds the recorded anthropic fixtures', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  describe.each(files.filter((f) => f.endsWith('.chunks.txt')))('stream %s', (file) => {
    const events = readChunks(join(dir, file));
    const expected = expectFromEvents(events);

    it('gives the recorded text, reasoning, tool calls, usage and stop reason', async () => {
      server.serve({ frames: events.map(frameOf) });
      const streamed = await collect(claude.stream({ messages: [user('replay')] }));
      checkResponse(finished(streamed), expected);
      expect(streamedText(streamed)).toBe(expected.text);
      const starts = streamed.filter((e) => e.type === 'tool-call-start').map((e) => (e as { id: string }).id);
      expect(starts).toEqual(expected.toolCalls.map((c) => c.id));
      checked.add(file);
    });

    it('re-chunked at random bytes: the same result; cut after each event: a typed error or a true prefix', async () => {
      const severalResponses = events.filter((e) => e.type === 'message_start').length > 1;
      await checkUntidyReplays(`anthropic/${file}`, events.map(frameOf).join(''), 'sse', (pieces) => {
        server.serve({ frames: pieces });
        return claude;
      }, { severalResponses });
    });

    it.each(VARIANTS.map((v) => [v.name, v] as const))('untidy: %s → the same result or a typed error', async (_name, variant) => {
      server.serve(variant.make(events));
      let streamed: ModelStreamEvent[] | undefined;
      try {
        streamed = await collect(claude.stream({ messages: [user('replay')] }));
      } catch (error) {
        expect(error).toBeInstanceOf(ChatError);
        expect(variant.same).toBe(false);
        return;
      }
      const response = finished(streamed);
      if (variant.same) return checkResponse(response, expected);
      // Accepted although cut: only what was really said, never invented parts.
      const text = response.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
      expect(expected.text.startsWith(text)).toBe(true);
    });
  });

  describe.each(files.filter((f) => f.endsWith('.json')))('message %s', (file) => {
    it('gives the recorded content, usage and stop reason', async () => {
      const body = readFileSync(join(dir, file), 'utf8');
      server.serve({ body });
      checkResponse(await claude.complete({ messages: [user('replay')] }), expectFromMessage(JSON.parse(body) as Obj));
      checked.add(file);
    });
  });

  describe.each(files.filter((f) => /\.ya?ml$/.test(f)))('cassette %s', (file) => {
    it('gives the recorded result or the typed error for each exchange', async () => {
      for (const exchange of readCassette(join(dir, file))) {
        const sse = exchange.contentType.includes('text/event-stream');
        server.serve(sse ? { status: exchange.status, frames: [exchange.body] } : { status: exchange.status, body: exchange.body });
        const run = exchange.stream
          ? collect(claude.stream({ messages: [user('replay')] })).then(finished)
          : claude.complete({ messages: [user('replay')] });
        if (exchange.status >= 400) {
          const error = await run.then(() => undefined, (e: unknown) => e);
          const wire = (JSON.parse(exchange.body) as { error: { type: string; message: string } }).error;
          const type = exchange.status === 401 ? AuthenticationError : /prompt is too long/.test(wire.message) ? ContextLengthExceededError : InvalidRequestError;
          expect(error).toBeInstanceOf(type);
          expect(error).toMatchObject({ provider: 'claude', status: exchange.status, code: wire.type, providerMessage: wire.message });
        } else {
          checkResponse(await run, sse ? expectFromEvents(ssePayloads(exchange.body)) : expectFromMessage(JSON.parse(exchange.body) as Obj));
        }
      }
      checked.add(file);
    });

    it('streamed exchanges re-chunked at random bytes and cut after each event', async () => {
      const streams = readCassette(join(dir, file)).filter((e) => e.status < 400 && e.contentType.includes('text/event-stream'));
      for (const [i, exchange] of streams.entries()) {
        const severalResponses = ssePayloads(exchange.body).filter((e) => e.type === 'message_start').length > 1;
        await checkUntidyReplays(`anthropic/${file}#${i}`, exchange.body, 'sse', (pieces) => {
          server.serve({ status: exchange.status, frames: pieces });
          return claude;
        }, { severalResponses });
      }
    });
  });

  describe('structured output forced through the json tool', () => {
    it.each(files.filter((f) => /^anthropic-json-tool\.\d\.(chunks\.txt|json)$/.test(f)))('%s gives the tool input as the answer text', async (file) => {
      const tool = new ClaudeBuilder().withModel('claude-haiku-4-5').withApiKey(CLAUDE_TEST_KEY).withBaseUrl(server.url).withStructuredOutput('tool').build();
      const request = { messages: [user('replay')], responseFormat: { name: 'Out', schema: { type: 'object' } } };
      const path = join(dir, file);
      let response: ProviderResponse;
      let expected: RecordedExpectation;
      if (file.endsWith('.json')) {
        const body = readFileSync(path, 'utf8');
        server.serve({ body });
        response = await tool.complete(request);
        expected = expectFromMessage(JSON.parse(body) as Obj);
      } else {
        const events = readChunks(path);
        server.serve({ frames: events.map(frameOf) });
        const streamed = await collect(tool.stream(request));
        response = finished(streamed);
        expected = expectFromEvents(events);
        expect(JSON.parse(streamedText(streamed))).toEqual(expected.toolCalls[0].arguments);
      }
      const json = expected.toolCalls.find((c) => c.name === 'json');
      expect(response.parts.filter((p) => p.type === 'text')).toEqual([{ type: 'text', text: JSON.stringify(json?.arguments) }]);
      expect(response.parts.some((p) => p.type === 'tool-call')).toBe(false);
      expect(response.finishReason.unified).toBe('stop');
    });
  });
});
