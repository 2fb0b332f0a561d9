import { lastValueFrom, toArray, type Observable } from 'rxjs';
import type { JsonObject, JsonValue } from '../../lib/core/json.types';
import { OpenAIBuilder } from '../../lib/providers/openai';
import type { OpenAIProvider } from '../../lib/providers/openai';
import type { ProviderEmulator, RecordedRequest } from '../../lib/testing';
import { WebSocketTransport, type WebSocketTransportOptions } from '../../lib/transport/ws';

/** The API key of the WebSocket specs (it must never show up in errors or inspect output). */
export const WS_KEY = 'sk-ws-secret-0123456789abcdef';

/** WebSocket transports made by a spec, disposed in `afterEach`/`afterAll`. */
export class TransportTracker {
  private readonly made: WebSocketTransport[] = [];

  /** A transport with short-lived test defaults (no pings, real idle timeouts of 2 s). */
  make(options: WebSocketTransportOptions = {}): WebSocketTransport {
    const t = new WebSocketTransport({ pingIntervalMs: 0, idleTimeoutMs: 2_000, ...options });
    this.made.push(t);
    return t;
  }

  async disposeAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((t) => t.dispose()));
  }
}

/** OpenAI on the Responses API against the emulator, over `transport` (HTTP when omitted). */
export function openaiOn(emulator: ProviderEmulator, transport?: WebSocketTransport, session?: string): OpenAIProvider {
  const builder = new OpenAIBuilder().withModel('gpt-ws').withCustomUrl(emulator.url('/v1', session)).withApiKey(WS_KEY);
  return transport ? builder.withTransport(transport).build() : builder.build();
}

/** Polls `condition` every 5 ms until it holds (fails after `ms`). */
export async function waitFor(condition: () => boolean, ms = 2_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** All values of an Observable. */
export function all<T>(source: Observable<T>): Promise<T[]> {
  return lastValueFrom(source.pipe(toArray()));
}

/** The emulator's ids (`resp_00000a`, `fc_00000b`, ...) replaced by placeholders, for comparing two runs. */
export function withoutIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(/\b([a-z]+_)[0-9a-z]{6}\b/g, '$1<id>')) as unknown;
}

/** The body of a recorded request as an object. */
export function bodyOf(request: RecordedRequest): JsonObject {
  return request.body as JsonObject;
}

/** `input` items of a recorded request. */
export function inputOf(request: RecordedRequest): JsonObject[] {
  return (bodyOf(request).input ?? []) as JsonObject[];
}

/** The `type` of each input item (`message` for role items without a type). */
export function inputTypes(request: RecordedRequest): string[] {
  return inputOf(request).map((i) => String((i as { type?: JsonValue }).type ?? 'message'));
}
