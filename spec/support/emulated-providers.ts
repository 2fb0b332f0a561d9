import type { ServerResponse } from 'node:http';
import type { JsonObject, JsonValue } from '../../lib/core/json.types';
import type { ChatProvider, ProviderCapabilities } from '../../lib/core/provider.types';
import { OpenAIBuilder, type OpenAIProvider } from '../../lib/providers/openai';
import { ResponsesBuilder } from '../../lib/providers/responses';
import type { ResponsesProvider } from '../../lib/providers/responses';
import { emulatedEmbedding, type EmulatorWire, type ProviderEmulator } from '../../lib/testing';
import { openAIEmbeddingsTestWire } from './responses-embeddings-wire';

/**
 * A Responses provider talking to one emulator session (`/s/<session>/v1`), so several providers
 * of a router have their own scripts and recorded requests on one emulator.
 */
export function responsesAt(emulator: ProviderEmulator, session: string, options: { idleTimeoutMs?: number; id?: string } = {}): ResponsesProvider {
  const builder = new ResponsesBuilder().withModel(`model-${session}`).withBaseUrl(emulator.url('/v1', session)).withApiKey('sk-emulator');
  if (options.idleTimeoutMs !== undefined) builder.withIdleTimeout(options.idleTimeoutMs);
  if (options.id) builder.withProviderId(options.id);
  return builder.build();
}

/** An OpenAI provider with embeddings, on one emulator session. */
export function openAIAt(emulator: ProviderEmulator, session: string): OpenAIProvider {
  return new OpenAIBuilder().withModel(`gpt-${session}`).withEmbeddings('text-embedding-3-small').withCustomUrl(emulator.url('/v1', session)).withApiKey('sk-emulator').build();
}

/** Polls `predicate` every few ms (real time) until it holds; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const asObject = (body: JsonValue): JsonObject => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as JsonObject) : {});

/**
 * A test wire for `POST …/embeddings` whose batches fail on demand: a batch holding a text listed
 * in `failures` is answered with that HTTP status (once per listing), others with the emulator's
 * deterministic vectors. Every request's inputs are recorded in `batches`. List it before the
 * built-in wires (which answer `/embeddings` too).
 */
export function flakyEmbeddingsWire(): EmulatorWire & { failures: Map<string, number[]>; batches: string[][] } {
  const failures = new Map<string, number[]>();
  const batches: string[][] = [];
  const send = (res: ServerResponse, status: number, body: JsonValue): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  return {
    ...openAIEmbeddingsTestWire,
    name: 'flaky-embeddings-test',
    failures,
    batches,
    match(method, path) {
      return method === 'POST' && /\/embeddings$/.test(path) ? { kind: 'custom', stream: false } : undefined;
    },
    handleCustom(_req, res, body) {
      const inputs = (openAIEmbeddingsTestWire.embeddingInputs as (b: JsonValue) => string[])(body);
      batches.push(inputs);
      for (const text of inputs) {
        const statuses = failures.get(text);
        const status = statuses?.shift();
        if (status !== undefined) return send(res, status, { error: { message: `emulated ${status}`, type: 'server_error', param: null, code: null } });
      }
      const dims = typeof asObject(body).dimensions === 'number' ? (asObject(body).dimensions as number) : 8;
      const vectors = inputs.map((t) => emulatedEmbedding(t, dims));
      send(res, 200, {
        object: 'list',
        data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: [...v] })),
        model: String(asObject(body).model ?? 'emulated'),
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    },
  };
}

/** The same provider with other capabilities (a model without tools, without vision, ...). */
export function withCapabilities(provider: ChatProvider, capabilities: Partial<ProviderCapabilities>): ChatProvider {
  return {
    id: provider.id,
    model: provider.model,
    capabilities: { ...provider.capabilities, ...capabilities },
    embeddingBatchSize: provider.embeddingBatchSize,
    complete: (request) => provider.complete(request),
    stream: (request) => provider.stream(request),
    embed: (request) => provider.embed(request),
  };
}

/** How many requests each emulator session received. */
export function requestCounts(emulator: ProviderEmulator, ...sessions: string[]): Record<string, number> {
  return Object.fromEntries(sessions.map((s) => [s, emulator.requests(s).length]));
}
