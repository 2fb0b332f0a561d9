import { basename, relative } from 'node:path';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import type { ChatError } from '../../lib/errors';
import { ResponsesBuilder } from '../../lib/providers/responses';
import { WebSocketTransport } from '../../lib/transport/ws';
import { RecordedWebSocketServer } from '../support/recorded-ws-server';
import { ResponsesFixtureServer, responsesFrames } from '../support/responses-fixture-server';
import { chunkLines, readCassette, responsesFixtureFiles, responsesFixturesRoot, sseDataPayloads } from '../support/responses-fixtures';
import { collect, rejection, userText } from '../support/responses-helpers';
import { firstCycle } from './responses-expectations';

const root = responsesFixturesRoot();
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed', 'error'];

/** The events a server sends for one response over a socket: the first cycle, up to its terminal event. */
function firstResponse(lines: readonly string[]): string[] {
  const end = lines.findIndex((l) => TERMINAL.includes((JSON.parse(l) as { type?: string }).type ?? ''));
  return end >= 0 ? lines.slice(0, end + 1) : [...lines];
}

/** Warnings aside (SSE warns about ignored extra cycles a socket never sends), the events must match. */
const comparable = (events: readonly ModelStreamEvent[]): ModelStreamEvent[] => events.filter((e) => e.type !== 'warning');

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
  /**
   * Every recorded Responses stream replayed over a real WebSocket (WebSocket mode: one message
   * per event) must give exactly the events — or the typed error — it gives over HTTP/SSE, which
   * `responses.conformance.spec.ts` checks against the recordings themselves.
   */
  describe('Responses wire conformance over a real WebSocket (recorded traffic)', () => {
    const streamedExchanges = (file: string) => readCassette(file).filter((e) => e.requestBody.stream === true && e.status < 400);
    const files = responsesFixtureFiles(root).filter((f) => f.endsWith('.chunks.txt') || (!f.endsWith('.json') && streamedExchanges(f).length > 0));
    let sse: ResponsesFixtureServer;
    let socket: RecordedWebSocketServer;
    let transport: WebSocketTransport;
    let streams = 0;
    beforeAll(async () => {
      [sse, socket] = await Promise.all([ResponsesFixtureServer.start(), RecordedWebSocketServer.start()]);
      transport = new WebSocketTransport({ poolSize: 1, pingIntervalMs: 0, idleTimeoutMs: 5_000 });
    });
    afterAll(async () => {
      await transport.dispose();
      await Promise.all([sse.close(), socket.close()]);
      console.log(`Responses over WebSocket: ${streams} recorded streams from ${files.length} files replayed over one socket, same events as over SSE (${root})`);
    });
    const request = { messages: [userText('recorded')] };
    const overSse = () => new ResponsesBuilder().withBaseUrl(sse.url).withModel('recorded-model').withProviderId('conformance').build();
    const overSocket = () => new ResponsesBuilder().withBaseUrl(socket.url).withModel('recorded-model').withProviderId('conformance').withTransport(transport).build();

    async function compare(lines: readonly string[], name: string): Promise<void> {
      const raw = lines.map((l) => JSON.parse(l) as { type: string });
      const cycle = firstCycle(raw);
      sse.serve({ status: 200, headers: SSE, frames: responsesFrames(lines, name.includes('error')) });
      socket.serve(firstResponse(lines));
      const failed = cycle.terminal?.type === 'error' || cycle.terminal?.type === 'response.failed';
      if (failed) {
        const [http, ws] = (await Promise.all([rejection(collect(overSse().stream(request))), rejection(collect(overSocket().stream(request)))])) as ChatError[];
        expect(ws.constructor).toBe(http.constructor);
        expect({ code: ws.code, retryable: ws.isRetryable, message: ws.message }).toEqual({ code: http.code, retryable: http.isRetryable, message: http.message });
      } else {
        const [http, ws] = await Promise.all([collect(overSse().stream(request)), collect(overSocket().stream(request))]);
        expect(comparable(ws)).toEqual(comparable(http));
        expect(ws[ws.length - 1].type).toBe('step-finish');
      }
      expect(socket.received[socket.received.length - 1]).toMatchObject({ type: 'response.create', model: 'recorded-model' });
      streams++;
    }

    it('finds recorded streams in every Responses folder', () => {
      const folders = new Set(files.map((f) => relative(root, f).split(/[\\/]/)[0]));
      expect([...folders].sort()).toEqual(['azure', 'open-responses', 'openai-responses', 'xai']);
      expect(files.length).toBeGreaterThan(40);
    });

    for (const file of files) {
      const name = relative(root, file);
      if (file.endsWith('.chunks.txt')) {
        it(`replays ${name} over the socket`, () => compare(chunkLines(file), basename(file)));
      } else {
        it(`replays the streamed exchanges of the cassette ${name} over the socket`, async () => {
          for (const exchange of streamedExchanges(file)) await compare(sseDataPayloads(exchange.body), basename(file));
        });
      }
    }

    it('used one socket for every replay', () => {
      expect(transport.openSockets).toBe(1);
    });
  });
}
