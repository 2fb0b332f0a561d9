import { readFileSync } from 'node:fs';
import { from, type Observable } from 'rxjs';
import type { JsonValue } from '../../lib/core/json.types';
import type { Transport } from '../../lib/transport/transport.types';
import { basename, relative } from 'node:path';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import type { ProviderResponse } from '../../lib/core/provider.types';
import { AuthenticationError, ChatError, ContextLengthExceededError, InvalidRequestError, QuotaExceededError } from '../../lib/errors';
import { ResponsesBuilder } from '../../lib/providers/responses';
import { ResponsesFixtureServer, responsesFrames } from '../support/responses-fixture-server';
import { fixturesRoot, readChunkLines } from '../support/fixtures';
import { readCassette, responsesFixtureFiles, sseDataPayloads } from '../support/responses-fixtures';
import { collect, deltas, finalResponse, rejection, textOf, userText } from '../support/responses-helpers';
import { expectedFromResponse, firstCycle, rawDeltas, type Expected } from './responses-expectations';
import { checkUntidyReplays } from '../support/untidy-replay';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = fixturesRoot();
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json' };

function checkResponse(response: ProviderResponse, expected: Expected): void {
  if (expected.id) expect(response.metadata.id).toBe(expected.id);
  expect(textOf(response)).toBe(expected.text);
  const calls = response.parts.filter((p) => p.type === 'tool-call');
  expect(calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }))).toEqual(expected.toolCalls);
  expect(response.usage.inputTokens).toBe(expected.inputTokens);
  expect(response.usage.outputTokens).toBe(expected.outputTokens);
  expect(response.finishReason.unified).toBe(expected.finish);
  expect(response.parts.filter((p) => p.type === 'reasoning')).toHaveLength(expected.reasoningItems);
  expect(response.parts.filter((p) => p.type === 'image')).toHaveLength(expected.images);
  expect(response.parts.filter((p) => p.type === 'provider')).toHaveLength(expected.providerItems);
  const sources = response.parts.flatMap((p) => (p.type === 'text' ? (p.sources ?? []) : []));
  expect(sources).toHaveLength(expected.sources);
  for (const part of response.parts) {
    if (part.type === 'reasoning' || part.type === 'provider') expect(part.origin?.provider).toBe('conformance');
  }
}

/** Checks a streamed run against the raw events of its first response cycle. */
function checkStream(events: ModelStreamEvent[], raw: Raw[], overSse = true): void {
  const cycle = firstCycle(raw);
  const terminal = cycle.terminal!;
  const response = finalResponse(events);
  const output = terminal.response?.output ?? [];
  const expected = expectedFromResponse(output.length > 0 ? terminal.response : { ...terminal.response, output: [] });
  if (output.length > 0) checkResponse(response, expected);
  const streamedText = deltas(events, 'text-delta');
  expect(streamedText).toBe(rawDeltas(cycle.events, ['response.output_text.delta', 'response.refusal.delta']));
  const reasoning = rawDeltas(cycle.events, ['response.reasoning_summary_text.delta', 'response.reasoning_text.delta']);
  expect(deltas(events, 'reasoning-delta').replace(/\n\n/g, '')).toBe(reasoning.replace(/\n\n/g, ''));
  expect(events.filter((e) => e.type === 'partial-image')).toHaveLength(cycle.events.filter((e) => e.type === 'response.image_generation_call.partial_image').length);
  const ends = events.filter((e) => e.type === 'tool-call-end');
  expect(ends).toHaveLength(response.parts.filter((p) => p.type === 'tool-call').length);
  expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
  if (cycle.cycles > 1 && overSse) expect(events.some((e) => e.type === 'warning' && /ignored/.test(e.message))).toBe(true);
}

/** A message transport (WebSocket mode's shape) replaying recorded events, one message each. */
class ReplayTransport implements Transport {
  constructor(private readonly messages: JsonValue[]) {}
  request(): Promise<never> {
    return Promise.reject(new Error('HTTP not expected'));
  }
  stream(): Promise<never> {
    return Promise.reject(new Error('HTTP not expected'));
  }
  events(): Observable<JsonValue> {
    return from(this.messages);
  }
}

function expectedError(body: string): new (...args: never[]) => ChatError {
  if (/insufficient_quota/.test(body)) return QuotaExceededError;
  if (/context_length_exceeded/.test(body)) return ContextLengthExceededError;
  if (/invalid_api_key|Incorrect API key/.test(body)) return AuthenticationError;
  return InvalidRequestError;
}

if (!root) {
  if (process.env.CI) {
    it('finds the recorded fixtures', () => {
      throw new Error('recorded fixtures not found (../shared/fixtures): CI must provide them');
    });
  } else {
    it('recorded fixtures not found, conformance not run', () => {
      console.log('recorded fixtures not found, conformance not run');
    });
  }
} else {
  describe('Responses wire conformance on recorded traffic', () => {
    const files = responsesFixtureFiles(root);
    let server: ResponsesFixtureServer;
    let checked = 0;
    beforeAll(async () => (server = await ResponsesFixtureServer.start()));
    afterAll(async () => {
      await server.close();
      console.log(`Responses conformance: ${checked} of ${files.length} recorded files checked (${root})`);
    });
    const provider = () => new ResponsesBuilder().withBaseUrl(server.url).withModel('recorded-model').withProviderId('conformance').build();
    const request = { messages: [userText('recorded')] };

    it('finds the Responses files of every folder', () => {
      const folders = new Set(files.map((f) => relative(root, f).split(/[\\/]/)[0]));
      expect([...folders].sort()).toEqual(['azure', 'open-responses', 'openai-responses', 'xai']);
      expect(files.some((f) => basename(f).startsWith('azure-deepseek'))).toBe(false);
      expect(files.some((f) => basename(f) === 'xai-text.json' || basename(f) === 'xai-tool-call.chunks.txt')).toBe(false);
      expect(files.length).toBeGreaterThan(80);
    });

    for (const file of files) {
      const name = relative(root, file);

      if (file.endsWith('.chunks.txt')) {
        it(`streams ${name} re-chunked at random bytes and cut after each event`, async () => {
          const body = responsesFrames(readChunkLines(file), name.includes('error')).join('');
          await checkUntidyReplays(name, body, 'sse', (pieces) => {
            server.serve({ status: 200, headers: SSE, pieces });
            return provider();
          });
        });
        it(`streams ${name}`, async () => {
          const lines = readChunkLines(file);
          const raw = lines.map((l) => JSON.parse(l) as Raw);
          server.serve({ status: 200, headers: SSE, frames: responsesFrames(lines, name.includes('error')) });
          const run = collect(provider().stream(request));
          const cycle = firstCycle(raw);
          if (cycle.terminal?.type === 'error' || cycle.terminal?.type === 'response.failed') {
            const failure = await rejection(run);
            expect(failure).toBeInstanceOf(expectedError(JSON.stringify(cycle.terminal)));
          } else {
            checkStream(await run, raw);
            const overMessages = new ResponsesBuilder().withBaseUrl('wss://recorded/v1').withModel('recorded-model').withProviderId('conformance');
            checkStream(await collect(overMessages.withTransport(new ReplayTransport(raw)).build().stream(request)), raw, false);
          }
          checked++;
        });
      } else if (file.endsWith('.json')) {
        it(`answers ${name}`, async () => {
          const body = readFileSync(file, 'utf8');
          const json = JSON.parse(body) as Raw;
          if (json.error && !json.output) {
            const status = /insufficient_quota/.test(body) ? 429 : 400;
            server.serve({ status, headers: JSON_TYPE, body });
            const failure = await rejection(provider().complete(request));
            expect(failure).toBeInstanceOf(expectedError(body));
            expect(failure).toMatchObject({ status, provider: 'conformance' });
          } else {
            server.serve({ status: 200, headers: JSON_TYPE, body });
            checkResponse(await provider().complete(request), expectedFromResponse(json));
          }
          checked++;
        });
      } else {
        it(`replays the streamed exchanges of ${name} re-chunked at random bytes and cut after each event`, async () => {
          const streams = readCassette(file).filter((e) => e.requestBody.stream === true && e.status < 400);
          for (const [i, exchange] of streams.entries()) {
            await checkUntidyReplays(`${name}#${i}`, exchange.body, 'sse', (pieces) => {
              server.serve({ status: exchange.status, headers: SSE, pieces });
              return provider();
            });
          }
        });
        it(`replays the cassette ${name}`, async () => {
          const exchanges = readCassette(file);
          expect(exchanges.length).toBeGreaterThan(0);
          for (const exchange of exchanges) {
            const streamed = exchange.requestBody.stream === true && exchange.status < 400;
            server.serve({ status: exchange.status, headers: streamed ? SSE : JSON_TYPE, body: exchange.body });
            if (exchange.status >= 400) {
              const failure = await rejection(provider().complete(request));
              expect(failure).toBeInstanceOf(expectedError(exchange.body));
              expect((failure as ChatError).status).toBe(exchange.status);
            } else if (streamed) {
              const raw = sseDataPayloads(exchange.body).map((d) => JSON.parse(d) as Raw);
              checkStream(await collect(provider().stream(request)), raw);
            } else {
              checkResponse(await provider().complete(request), expectedFromResponse(JSON.parse(exchange.body) as Raw));
            }
          }
          checked++;
        });
      }
    }
  });
}
