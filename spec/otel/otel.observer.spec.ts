import { context, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@opentelemetry/semantic-conventions/incubating';
import { lastValueFrom, take, toArray } from 'rxjs';
import { ChatBuilder, textDeltas } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { openTelemetry } from '../../lib/otel';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { fixedDelay } from '../../lib/retry';
import { ProviderEmulator } from '../../lib/testing';
import { OtelHarness, parentOf } from '../support/otel-harness';
import { makeTool, requireCity } from '../support/test-tools';

const MODEL = 'emulated-gpt';

describe('chat-ts/otel: GenAI spans and metrics over the provider emulator', () => {
  let emulator: ProviderEmulator;
  let otel: OtelHarness;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    otel = new OtelHarness();
  });
  afterEach(async () => {
    await otel.close();
  });

  const openai = () => new OpenAIBuilder().withModel(MODEL).withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator-secret-key').withEmbeddings('emulated-embed').build();
  const telemetry = (extra: Parameters<typeof openTelemetry>[0] = {}) => openTelemetry({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, ...extra });

  it('a complete() run: a chat span, a child per model request and per tool, with GenAI attributes; the tool sees its span as active', async () => {
    let activeInTool: string | undefined;
    const weather = makeTool({
      name: 'weather',
      validate: requireCity,
      execute: ({ city }) => {
        activeInTool = trace.getSpan(context.active())?.spanContext().spanId;
        return { city, celsius: 21 };
      },
    });
    emulator.script([
      { toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }], usage: { input: 12, output: 7 } },
      { text: 'It is 21 degrees in Paris.', usage: { input: 30, output: 9 } },
    ]);
    const chat = new ChatBuilder().withModel(openai()).withTools([weather]).withOptions({ maxTokens: 200 }).withObserver(telemetry()).build();
    const reply = await chat.complete(Messages.fromUser('Weather in Paris?'));
    expect(reply.text).toBe('It is 21 degrees in Paris.');

    const chats = otel.named(`chat ${MODEL}`);
    const run = chats.find((s) => parentOf(s) === undefined)!;
    expect(run).toBeDefined();
    expect(run.kind).toBe(SpanKind.CLIENT);
    expect(run.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe(GEN_AI_OPERATION_NAME_VALUE_CHAT);
    expect(run.attributes[ATTR_GEN_AI_PROVIDER_NAME]).toBe(GEN_AI_PROVIDER_NAME_VALUE_OPENAI);
    expect(run.attributes[ATTR_GEN_AI_REQUEST_MODEL]).toBe(MODEL);
    expect(run.attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS]).toBe(200);
    expect(run.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(42);
    expect(run.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(16);
    expect(run.status.code).not.toBe(SpanStatusCode.ERROR);

    const requests = chats.filter((s) => parentOf(s) === run.spanContext().spanId);
    expect(requests.map((s) => [s.attributes['chat_ts.step'], s.attributes['chat_ts.attempt'], s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]])).toEqual([
      [1, 1, 12],
      [2, 1, 30],
    ]);
    expect(requests.every((s) => s.kind === SpanKind.CLIENT && s.attributes[ATTR_GEN_AI_RESPONSE_MODEL] === MODEL)).toBe(true);
    expect(requests[1].attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(expect.arrayContaining([expect.any(String)]));

    const [tool] = otel.named('execute_tool weather');
    expect(parentOf(tool)).toBe(run.spanContext().spanId);
    expect(tool.kind).toBe(SpanKind.INTERNAL);
    expect(tool.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe(GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL);
    expect(tool.attributes[ATTR_GEN_AI_TOOL_NAME]).toBe('weather');
    expect(tool.attributes[ATTR_GEN_AI_TOOL_CALL_ID]).toBe('call_1');
    expect(activeInTool).toBe(tool.spanContext().spanId);
    // the tool span lies between the two model requests
    expect(tool.startTime >= requests[0].endTime || tool.startTime[0] >= requests[0].endTime[0]).toBe(true);

    // no content unless asked for, and never the API key
    const everything = JSON.stringify(otel.spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(everything).not.toContain('sk-emulator-secret-key');
    expect(everything).not.toContain('Weather in Paris?');
    expect(otel.spans().some((s) => ATTR_GEN_AI_INPUT_MESSAGES in s.attributes || ATTR_GEN_AI_TOOL_CALL_ARGUMENTS in s.attributes)).toBe(false);
  });

  it('records the GenAI histograms: tokens by type and the duration of each request', async () => {
    emulator.script([{ text: 'one', usage: { input: 11, output: 3 } }, { text: 'two', usage: { input: 13, output: 5 } }]);
    const chat = new ChatBuilder().withModel(openai()).withObserver(telemetry()).build();
    await chat.complete('first');
    await chat.complete('second');
    const tokens = await otel.histogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    const input = tokens.find((p) => p.attributes[ATTR_GEN_AI_TOKEN_TYPE] === GEN_AI_TOKEN_TYPE_VALUE_INPUT)!;
    const output = tokens.find((p) => p.attributes[ATTR_GEN_AI_TOKEN_TYPE] === GEN_AI_TOKEN_TYPE_VALUE_OUTPUT)!;
    expect([input.count, input.sum, output.count, output.sum]).toEqual([2, 24, 2, 8]);
    expect(input.attributes).toMatchObject({ [ATTR_GEN_AI_OPERATION_NAME]: 'chat', [ATTR_GEN_AI_PROVIDER_NAME]: 'openai', [ATTR_GEN_AI_REQUEST_MODEL]: MODEL });
    const durations = await otel.histogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(durations.map((p) => p.count)).toEqual([2]);
    expect(durations[0].sum).toBeGreaterThan(0);
  });

  it('shows retries: a failed attempt span with the chat-ts error type, then attempt 2; the failed duration carries error.type', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 0 } }, { text: 'after the retry' }]);
    const chat = new ChatBuilder().withModel(openai()).withRetry(fixedDelay(0, 3)).withObserver(telemetry()).build();
    expect((await chat.complete('hi')).text).toBe('after the retry');
    const run = otel.spans().find((s) => parentOf(s) === undefined)!;
    const attempts = otel.spans().filter((s) => parentOf(s) === run.spanContext().spanId);
    expect(attempts.map((s) => [s.attributes['chat_ts.attempt'], s.status.code, s.attributes[ATTR_ERROR_TYPE]])).toEqual([
      [1, SpanStatusCode.ERROR, 'RateLimitError'],
      [2, SpanStatusCode.UNSET, undefined],
    ]);
    expect(attempts[0].events.map((e) => e.name)).toContain('exception');
    expect(run.status.code).toBe(SpanStatusCode.UNSET);
    const durations = await otel.histogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(durations.find((p) => p.attributes[ATTR_ERROR_TYPE] === 'RateLimitError')?.count).toBe(1);
  });

  it('a failed run ends its span with status ERROR and the chat-ts error type', async () => {
    emulator.script([{ error: { status: 400, message: 'bad request' } }]);
    const chat = new ChatBuilder().withModel(openai()).withRetry(false).withObserver(telemetry()).build();
    await expect(lastValueFrom(chat.stream('hi'))).rejects.toThrow();
    const run = otel.spans().find((s) => parentOf(s) === undefined)!;
    expect(run.status.code).toBe(SpanStatusCode.ERROR);
    expect(run.attributes[ATTR_ERROR_TYPE]).toBe('InvalidRequestError');
    expect(run.attributes['chat_ts.run.status']).toBe('interrupted');
  });

  it('an unsubscribed stream ends the run span and the request span (AbortedError)', async () => {
    emulator.script([{ text: 'one two three four five six seven eight nine ten', chunkDelayMs: 20 }]);
    const closed = emulator.waitForClientClose();
    const chat = new ChatBuilder().withModel(openai()).withObserver(telemetry()).build();
    const first = await lastValueFrom(chat.stream('Count').pipe(textDeltas(), take(2), toArray()));
    expect(first).toHaveLength(2);
    await closed;
    const run = otel.spans().find((s) => parentOf(s) === undefined)!;
    expect(run.attributes[ATTR_ERROR_TYPE]).toBe('AbortedError');
    expect(run.status.code).toBe(SpanStatusCode.ERROR);
    const [attempt] = otel.spans().filter((s) => parentOf(s) === run.spanContext().spanId);
    expect(attempt.attributes[ATTR_ERROR_TYPE]).toBe('AbortedError');
    expect(attempt.ended).toBe(true);
  });

  it('a streamed run nests under the span active when it was subscribed, and records content only when asked, capped', async () => {
    emulator.script([{ text: 'A fairly long answer that goes well beyond the small cap set here.' }]);
    const chat = new ChatBuilder().withModel(openai()).withObserver(telemetry({ recordContent: { maxChars: 80 } })).build();
    const outer = otel.tracerProvider.getTracer('app').startSpan('http request');
    await context.with(trace.setSpan(context.active(), outer), () => lastValueFrom(chat.stream('Tell me something long, please, with detail')));
    outer.end();
    const run = otel.named(`chat ${MODEL}`).find((s) => parentOf(s) === outer.spanContext().spanId)!;
    expect(run).toBeDefined();
    const [attempt] = otel.spans().filter((s) => parentOf(s) === run.spanContext().spanId);
    // a stream that completed ended both spans, without error
    expect([run.ended, attempt.ended, run.status.code, attempt.status.code]).toEqual([true, true, SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
    expect(run.attributes['chat_ts.run.status']).toBe('completed');
    const input = attempt.attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string;
    const output = attempt.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string;
    expect(input.startsWith('[{"role":"user"')).toBe(true);
    expect(input.length).toBeLessThanOrEqual(80);
    expect(output.length).toBeLessThanOrEqual(80);
    expect(output).toContain('A fairly');
    expect(output).not.toContain('the small cap set here');
  });

  it('records tool arguments and results only when asked, each cut to the cap', async () => {
    const echo = makeTool({ name: 'echo', execute: (args) => ({ echoed: args, padding: 'y'.repeat(200) }) });
    emulator.script([{ toolCalls: [{ id: 'e1', name: 'echo', arguments: { text: 'x'.repeat(200) } }] }, { text: 'ok' }]);
    const chat = new ChatBuilder().withModel(openai()).withTools([echo]).withObserver(telemetry({ recordContent: { maxChars: 40 } })).build();
    await chat.complete('Echo it');
    const [tool] = otel.named('execute_tool echo');
    const args = tool.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] as string;
    const result = tool.attributes['gen_ai.tool.call.result'] as string;
    expect([args.length, result.length]).toEqual([40, 40]);
    expect(args.startsWith('{"text":"xxx')).toBe(true);
    expect(args.endsWith('…')).toBe(true);
    expect(result.endsWith('…')).toBe(true);
  });

  it('with prices, each request span and the run span carry the cost', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 0 } }, { text: 'priced', usage: { input: 1000, output: 500 } }]);
    const prices = { currency: 'USD', asOf: '2026-01-15', prices: [{ provider: '*', model: MODEL, perMillion: { input: 1, output: 2 } }] };
    const chat = new ChatBuilder().withModel(openai()).withRetry(fixedDelay(0, 2)).withObserver(telemetry({ prices })).build();
    await chat.complete('hi');
    const run = otel.spans().find((s) => parentOf(s) === undefined)!;
    const attempts = otel.spans().filter((s) => parentOf(s) === run.spanContext().spanId);
    expect(attempts.map((s) => s.attributes['chat_ts.cost.total'])).toEqual([undefined, 0.002]);
    expect([run.attributes['chat_ts.cost.total'], run.attributes['chat_ts.cost.currency']]).toEqual([0.002, 'USD']);
  });

  it('uses the global providers, also when the app registers them after building the chat', async () => {
    emulator.script([{ text: 'global', usage: { input: 3, output: 2 } }]);
    const chat = new ChatBuilder().withModel(openai()).withObserver(openTelemetry()).build();
    trace.setGlobalTracerProvider(otel.tracerProvider);
    metrics.setGlobalMeterProvider(otel.meterProvider);
    try {
      await chat.complete('hi');
    } finally {
      trace.disable();
      metrics.disable();
    }
    expect(otel.named(`chat ${MODEL}`)).toHaveLength(2);
    const tokens = await otel.histogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    expect(tokens.map((p) => p.sum).sort()).toEqual([2, 3]);
  });

  it('an embedding batch is an `embeddings {model}` CLIENT span with the vector size', async () => {
    const chat = new ChatBuilder().withModel(openai()).withObserver(telemetry()).build();
    const result = await chat.embed(['alpha', 'beta']);
    const [span] = otel.named('embeddings emulated-embed');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe(GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS);
    expect(span.attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]).toBe(result.dimensions);
    expect(span.attributes['chat_ts.embeddings.input_count']).toBe(2);
  });
});
