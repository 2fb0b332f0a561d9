import { PresetBuilder } from '../../lib/providers/presets';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ToolCallPart } from '../../lib/core/content-part.types';
import type { ChatProvider, ProviderResponse } from '../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import {
  AuthenticationError,
  ChatError,
  ContextLengthExceededError,
  InvalidRequestError,
  ProviderOverloadedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
} from '../../lib/errors';
import { CerebrasBuilder } from '../../lib/providers/cerebras';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { DeepSeekBuilder } from '../../lib/providers/deepseek';
import { HuggingFaceBuilder } from '../../lib/providers/huggingface';
import { OllamaBuilder } from '../../lib/providers/ollama';
import { FixtureServer, sseBody, type CannedResponse } from '../support/fixture-server';
import { describeWithFixtures, fixtureFiles, readChunkLines, readExchanges } from '../support/fixtures';
import { expectStream, expectWhole, ssePayloads, type ExpectedAnswer } from './chat-completions.reference';
import { collect, failure } from '../providers/completions/completions-spec.helpers';
import { checkUntidyReplays } from '../support/untidy-replay';

/** Folders on the Chat Completions wire, and which of their files are on it. */
const FOLDERS: Record<string, (name: string) => boolean> = {
  'openai-chat': () => true,
  deepseek: () => true,
  cerebras: () => true,
  mistral: () => true,
  groq: () => true,
  xai: (n) => /^xai-(text|tool-call)\.(json|chunks\.txt)$/.test(n),
  huggingface: () => true,
  ollama: (n) => n !== 'chat_with_tool_calls.json', // that one is a native /api/chat body
  perplexity: () => true,
  alibaba: () => true,
  moonshotai: () => true,
  'openai-compatible': () => true,
  azure: (n) => n.startsWith('azure-deepseek'),
};

const MODEL = 'fixture-model';

function providerFor(folder: string, baseUrl: string): ChatProvider {
  const key = 'test-api-key';
  switch (folder) {
    case 'huggingface':
      return new HuggingFaceBuilder().withBaseUrl(baseUrl).withApiKey(key).withModel(MODEL).build();
    case 'deepseek':
      return new DeepSeekBuilder().withBaseUrl(baseUrl).withApiKey(key).withModel(MODEL).build();
    case 'cerebras':
      return new CerebrasBuilder().withBaseUrl(baseUrl).withApiKey(key).withModel(MODEL).build();
    case 'groq':
    case 'xai':
    case 'perplexity':
      // The presets (data): their ids, quirks and key handling on the recorded traffic.
      return new PresetBuilder(folder).withBaseUrl(baseUrl).withApiKey(key).withModel(MODEL).withEmbeddings('embed-model').build();
    case 'ollama':
      return new OllamaBuilder().withBaseUrl(baseUrl).withModel(MODEL).withEmbeddings('embed-model').build();
    default:
      return new ChatCompletionsBuilder().withProviderId(folder).withBaseUrl(baseUrl).withApiKey(key).withModel(MODEL).withEmbeddings('embed-model').build();
  }
}

/** One recorded answer to serve, and how to call for it. */
interface Served {
  readonly label: string;
  readonly kind: 'chat' | 'embeddings';
  readonly stream: boolean;
  readonly response: CannedResponse & { status: number; body: string };
  /** Embeddings: the recorded inputs. */
  readonly inputs?: string[];
}

function servedOf(file: string): { served: Served[]; skipped: number } {
  const name = basename(file);
  if (name.endsWith('.chunks.txt')) {
    const body = sseBody(readChunkLines(file));
    return { served: [{ label: name, kind: 'chat', stream: true, response: { status: 200, headers: { 'content-type': 'text/event-stream' }, body } }], skipped: 0 };
  }
  if (name.endsWith('.json')) {
    const body = readFileSync(file, 'utf8');
    const status = /error/.test(name) ? (/quota/.test(body) ? 429 : 400) : 200;
    return { served: [{ label: name, kind: 'chat', stream: false, response: { status, headers: { 'content-type': 'application/json' }, body } }], skipped: 0 };
  }
  const served: Served[] = [];
  let skipped = 0;
  for (const exchange of readExchanges(file)) {
    const path = exchange.url.split('?')[0].split('#')[0];
    let request: Record<string, unknown> = {};
    try {
      request = JSON.parse(exchange.requestBody ?? '{}');
    } catch {
      request = {};
    }
    const response = { status: exchange.status, headers: exchange.headers, body: exchange.body };
    const label = `${name}#${exchange.index}`;
    if (path.endsWith('/chat/completions')) {
      const stream = request.stream === true || /event-stream/.test(exchange.headers['content-type'] ?? '');
      served.push({ label, kind: 'chat', stream, response });
    } else if (path.endsWith('/embeddings') || path.endsWith('/api/embed')) {
      const input = request.input;
      served.push({ label, kind: 'embeddings', stream: false, response, inputs: Array.isArray(input) ? input.map(String) : [String(input)] });
    } else {
      skipped++; // Ollama native /api/chat and /api/generate: not this wire
    }
  }
  return { served, skipped };
}

/** How many responses (distinct chunk ids) a recorded stream holds: some recorders logged a whole agent loop. */
function responseIds(body: string): number {
  const ids = ssePayloads(body).payloads.map((p) => {
    try {
      return (JSON.parse(p) as { id?: unknown }).id;
    } catch {
      return undefined;
    }
  });
  return new Set(ids.filter((id) => typeof id === 'string' && id !== '')).size;
}

/** The error class a recorded failure must map to. */
function expectedErrorClass(status: number, text: string): (abstract new (...args: never[]) => ChatError)[] {
  if (status === 401 || status === 403) return [AuthenticationError];
  if (status === 429) return /quota/i.test(text) ? [QuotaExceededError] : [RateLimitError];
  if (status >= 500) return [ServerError, ProviderOverloadedError];
  if (/context length|too long|maximum context/i.test(text)) return [ContextLengthExceededError];
  return [InvalidRequestError];
}

function checkAnswer(response: ProviderResponse, expected: ExpectedAnswer, label: string): void {
  const text = response.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
  const reasoning = response.parts.filter((p) => p.type === 'reasoning').map((p) => (p as { text: string }).text).join('');
  expect({ label, text }).toEqual({ label, text: expected.text });
  expect({ label, reasoning }).toEqual({ label, reasoning: expected.reasoning });
  const calls = response.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
  expect({ label, calls: calls.map((c) => ({ name: c.name, arguments: c.arguments, raw: c.rawArguments })) }).toEqual({
    label,
    calls: expected.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments, raw: c.raw })),
  });
  calls.forEach((c) => expect(c.id).toBeTruthy());
  if (expected.usage) {
    expect({ label, input: response.usage.inputTokens, output: response.usage.outputTokens }).toEqual({ label, ...expected.usage });
  }
  expect({ label, finish: response.finishReason.raw }).toEqual({ label, finish: expected.finish });
  expect(response.finishReason.unified).not.toBe('other');
  expect(response.metadata.model).toBe(expected.model ?? MODEL);
  const sources = response.parts.flatMap((p) => (p.type === 'text' ? (p.sources ?? []) : []));
  if (expected.text) expect({ label, sources: sources.length }).toEqual({ label, sources: expected.sources });
}

function checkStreamEvents(events: ModelStreamEvent[], response: ProviderResponse): void {
  const join = (type: 'text-delta' | 'reasoning-delta'): string => events.flatMap((e) => (e.type === type ? [e.delta] : [])).join('');
  const part = (type: 'text' | 'reasoning'): string => response.parts.filter((p) => p.type === type).map((p) => (p as { text: string }).text).join('');
  expect(join('text-delta')).toBe(part('text'));
  expect(join('reasoning-delta')).toBe(part('reasoning'));
  expect(events.filter((e) => e.type === 'tool-call-end')).toHaveLength(response.parts.filter((p) => p.type === 'tool-call').length);
  expect(events.at(-1)!.type).toBe('step-finish');
}

/** Facts read by hand from particular recordings, on top of the generic comparison. */
const SPOT_CHECKS: Record<string, (outcome: ProviderResponse | ChatError) => void> = {
  'reasoning-model-legacy-parameter-error.json': (e) => expect(e).toMatchObject({ status: 400, code: 'unsupported_parameter' }),
  'test_openai_o1_mini_system_role[developer].yaml#0': (e) => expect(e).toMatchObject({ status: 400, code: 'unsupported_value' }),
  'chat_real_error_scenarios_deepseek_deepseek-chat_handles_context_length_exceeded_errors.yml#0': (e) =>
    expect(e).toBeInstanceOf(ContextLengthExceededError),
  'chat_error_handling_with_mistral_mistral-small-latest_raises_appropriate_auth_error.yml#0': (e) =>
    expect(e).toMatchObject({ status: 401, providerMessage: 'Invalid API Key' }),
  'test_tool_use_failed_error_streaming.yaml#0': (e) => expect(e).toMatchObject({ code: 'tool_use_failed', status: 400 }),
  'test_complex_agent_run.yaml#0': (r) => expect((r as ProviderResponse).parts.filter((p) => p.type === 'tool-call')).toHaveLength(2),
  'deepseek-reasoning.chunks.txt': (r) => expect((r as ProviderResponse).usage.reasoningTokens).toBe(205),
  'perplexity-citations.json': (r) => expect((r as ProviderResponse).parts[0]).toMatchObject({ sources: expect.arrayContaining([{ url: expect.stringMatching(/^https:/) }]) }),
  'mistral-tool-call.chunks.txt': (r) => expect((r as ProviderResponse).parts).toMatchObject([{ type: 'tool-call', id: 'gSIMJiOkT', name: 'weather' }]),
};

async function runChat(provider: ChatProvider, served: Served, thinkTags: boolean): Promise<void> {
  const { response, label } = served;
  const ask = { messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text: 'replay' }] }] };
  let expected: ExpectedAnswer | undefined;
  let errorText = response.body;
  if (response.status < 400) {
    if (served.stream) {
      const { payloads, errorEvent } = ssePayloads(response.body);
      expected = errorEvent ? undefined : expectStream(payloads, thinkTags);
      if (errorEvent) errorText = payloads.at(-1) ?? '';
    } else {
      expected = expectWhole(JSON.parse(response.body), thinkTags);
    }
    if (expected?.error) expected = undefined;
  }
  if (!expected) {
    const error = await failure(served.stream ? collect(provider.stream(ask)) : provider.complete(ask));
    expect(error).toBeInstanceOf(ChatError);
    const status = response.status >= 400 ? response.status : Number(/"status_code":\s*(\d+)/.exec(errorText)?.[1] ?? 500);
    const classes = expectedErrorClass(status, errorText);
    expect({ label, ok: classes.some((c) => error instanceof c), got: error.constructor.name }).toEqual({ label, ok: true, got: error.constructor.name });
    expect((error as ChatError).provider).toBe(provider.id);
    SPOT_CHECKS[label]?.(error as ChatError);
    return;
  }
  if (served.stream) {
    const events = await collect(provider.stream(ask));
    const finish = events.at(-1) as Extract<ModelStreamEvent, { type: 'step-finish' }>;
    checkStreamEvents(events, finish.response);
    checkAnswer(finish.response, expected, label);
    SPOT_CHECKS[label]?.(finish.response);
  } else {
    const result = await provider.complete(ask);
    checkAnswer(result, expected, label);
    SPOT_CHECKS[label]?.(result);
  }
}

async function runEmbeddings(provider: ChatProvider, served: Served): Promise<void> {
  const body = JSON.parse(served.response.body) as { data?: { embedding: number[] }[]; embeddings?: number[][] };
  const recorded = body.embeddings ?? (body.data ?? []).map((d) => d.embedding);
  const result = await provider.embed({ texts: served.inputs! });
  expect(result.vectors).toHaveLength(recorded.length);
  result.vectors.forEach((v, i) => {
    expect(v).toBeInstanceOf(Float32Array);
    expect(v.length).toBe(recorded[i].length);
    [0, 1, v.length - 1].forEach((j) => expect(v[j]).toBeCloseTo(recorded[i][j], 5));
  });
}

describeWithFixtures('Chat Completions conformance (recorded traffic, real framing)', () => {
  let server: FixtureServer;
  let files = 0;
  let exchanges = 0;
  let skipped = 0;
  beforeAll(async () => (server = await FixtureServer.start()));
  afterAll(async () => {
    await server.close();
    console.log(
      `Chat Completions conformance: checked ${files} fixture files (${exchanges} recorded answers); ` +
        `${skipped} native Ollama /api/chat and /api/generate exchanges are not on this wire`,
    );
    expect(Object.keys(SPOT_CHECKS).length).toBeGreaterThan(0);
  });

  for (const [folder, accept] of Object.entries(FOLDERS)) {
    describe(folder, () => {
      for (const file of fixtureFiles(folder, accept)) {
        const { served, skipped: notOnWire } = servedOf(file);
        skipped += notOnWire;
        if (served.length === 0) continue;
        const streams = served.filter((one) => one.kind === 'chat' && one.stream && one.response.status < 400);
        if (streams.length > 0) {
          it(`${basename(file)}: re-chunked and cut after each event`, async () => {
            for (const one of streams) {
              await checkUntidyReplays(`${folder}/${one.label}`, one.response.body, 'sse', (pieces) => {
                server.enqueue({ ...one.response, body: [...pieces] });
                return providerFor(folder, server.url('/v1'));
              }, { severalResponses: responseIds(one.response.body) > 1 });
            }
          });
        }
        it(basename(file), async () => {
          for (const one of served) {
            server.reset();
            server.enqueue(one.response);
            const provider = providerFor(folder, server.url('/v1'));
            if (one.kind === 'embeddings') await runEmbeddings(provider, one);
            else await runChat(provider, one, folder === 'huggingface');
            exchanges++;
          }
          files++;
        });
      }
    });
  }
});
