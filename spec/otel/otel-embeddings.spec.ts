import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@opentelemetry/semantic-conventions/incubating';
import { ChatBuilder } from '../../lib/chat';
import { CHAT_TS, openTelemetry } from '../../lib/otel';
import { fixedDelay } from '../../lib/retry';
import type { ProviderEmulator } from '../../lib/testing';
import { openAIAt, useFlakyEmulator } from '../support/emulated-providers';
import { OtelHarness, parentOf } from '../support/otel-harness';

describe('chat-ts/otel: one span per embedding batch attempt', () => {
  let emulator: ProviderEmulator;
  const embeddings = useFlakyEmulator((e) => (emulator = e));
  let otel: OtelHarness;
  beforeEach(() => {
    otel = new OtelHarness();
  });
  afterEach(() => otel.close());

  it('batches and their retries are sibling spans under the caller’s span; a failed attempt has status ERROR and its chat-ts error type', async () => {
    embeddings.failures.set('t3', [500]);
    const chat = new ChatBuilder()
      .withModel(openAIAt(emulator, 'e'))
      .withRetry(fixedDelay(0, 2))
      .withEmbeddingConcurrency(1)
      .withObserver(openTelemetry({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider }))
      .build();
    const outer = otel.tracerProvider.getTracer('app').startSpan('index documents');
    const result = await context.with(trace.setSpan(context.active(), outer), () => chat.embed(['t1', 't2', 't3', 't4', 't5'], { batchSize: 2 }));
    outer.end();
    expect(result.vectors).toHaveLength(5);

    const spans = otel.spans().filter((s) => s.attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS);
    // named after the model that answered; a failed attempt of a call naming no model is just `embeddings`
    expect(spans.map((s) => s.name).sort()).toEqual(['embeddings', ...Array(3).fill('embeddings text-embedding-3-small')]);
    expect(spans.every((s) => parentOf(s) === outer.spanContext().spanId && s.kind === SpanKind.CLIENT)).toBe(true);
    const rows = spans
      .map((s) => [s.attributes[CHAT_TS.embeddingsBatch], s.attributes[CHAT_TS.attempt], s.attributes[CHAT_TS.embeddingsInputCount], s.status.code, s.attributes[ATTR_ERROR_TYPE]])
      .sort((x, y) => Number(x[0]) - Number(y[0]) || Number(x[1]) - Number(y[1]));
    expect(rows).toEqual([
      [0, 1, 2, SpanStatusCode.UNSET, undefined],
      [1, 1, 2, SpanStatusCode.ERROR, expect.stringMatching(/Error$/)],
      [1, 2, 2, SpanStatusCode.UNSET, undefined],
      [2, 1, 1, SpanStatusCode.UNSET, undefined],
    ]);
    const failed = spans.find((s) => s.status.code === SpanStatusCode.ERROR)!;
    expect(failed.attributes[CHAT_TS.retryable]).toBe(true);
    expect(spans.filter((s) => s.status.code !== SpanStatusCode.ERROR).map((s) => s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).sort()).toEqual([1, 2, 2]);
    const durations = await otel.histogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(durations.reduce((n, p) => n + p.count, 0)).toBe(4);
    expect(durations.find((p) => p.attributes[ATTR_ERROR_TYPE] === failed.attributes[ATTR_ERROR_TYPE])?.count).toBe(1);
  });
});
