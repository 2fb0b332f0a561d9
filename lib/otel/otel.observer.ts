import { context, metrics, SpanKind, SpanStatusCode, trace, type Attributes, type MeterProvider, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.types';
import type { EmbeddingAttemptInfo, RunObservation, RunObserver, RunStartInfo } from '../core/run-observer.types';
import type { ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { Cost } from '../core/cost.types';
import type { ProviderResponse } from '../core/provider.types';
import { setTraceContextSource } from '../core/trace-context.registry';
import { addCost, costOf, zeroCost } from '../cost/cost.calculator';
import { validatePriceTable } from '../cost/price-table.validation';
import { capped, contentCap, messagesJson } from './content.capture';
import { CHAT_TS, GEN_AI, GEN_AI_OPERATION, genAiProviderName } from './gen-ai.attributes';
import { GenAiMetrics } from './gen-ai.metrics';
import { attemptSpan, type AttemptScope } from './model-attempt.span';
import { recordFailure, requestAttributes, usageAttributes } from './span-helpers';
import type { TelemetryOptions } from './telemetry-options.types';
import { w3cTraceHeaders } from './trace-headers';
import { recordCircuitEvents } from './circuit-events';

const SCOPE_NAME = 'chat-ts';
const now = (): number => performance.now();

/**
 * The instruments, made on first use and again when the global providers change (the app may
 * register its SDK after building the chat; a global meter provider is not a proxy).
 */
class Instruments {
  private made?: { readonly from: readonly [TracerProvider, MeterProvider]; readonly tracer: Tracer; readonly metrics: GenAiMetrics };
  constructor(private readonly options: TelemetryOptions) {}
  get(): { readonly tracer: Tracer; readonly metrics: GenAiMetrics } {
    const tracerProvider = this.options.tracerProvider ?? trace.getTracerProvider();
    const meterProvider = this.options.meterProvider ?? metrics.getMeterProvider();
    if (this.made?.from[0] !== tracerProvider || this.made.from[1] !== meterProvider) {
      this.made = { from: [tracerProvider, meterProvider], tracer: tracerProvider.getTracer(SCOPE_NAME), metrics: new GenAiMetrics(meterProvider.getMeter(SCOPE_NAME)) };
    }
    return this.made;
  }
}

function toolSpan(tracer: Tracer, scope: Pick<AttemptScope, 'parent' | 'contentMax'>, call: ToolCallPart, execute: () => Promise<ToolResultPart>): Promise<ToolResultPart> {
  const attributes: Attributes = {
    [GEN_AI.operationName]: GEN_AI_OPERATION.executeTool,
    [GEN_AI.toolName]: call.name,
    [GEN_AI.toolCallId]: call.id,
    [GEN_AI.toolType]: 'function',
  };
  if (scope.contentMax !== undefined) attributes[GEN_AI.toolCallArguments] = capped(JSON.stringify(call.arguments ?? null), scope.contentMax);
  const span = tracer.startSpan(`execute_tool ${call.name}`, { kind: SpanKind.INTERNAL, attributes }, scope.parent);
  // the tool runs in the span's context: its own code (and its HTTP calls) sees the span as active
  return context.with(trace.setSpan(scope.parent, span), execute).then((result) => {
    if (scope.contentMax !== undefined) span.setAttribute(GEN_AI.toolCallResult, capped(result.content, scope.contentMax));
    if (result.isError) {
      const kind = result.error?.kind ?? 'execution';
      span.setAttributes({ [GEN_AI.errorType]: `tool_${kind}`, [CHAT_TS.toolErrorKind]: kind });
      span.setStatus({ code: SpanStatusCode.ERROR, message: capped(result.content, 512) });
    }
    span.end();
    return result;
  });
}

function embeddingSpan(instruments: Instruments, request: EmbeddingRequest, info: EmbeddingAttemptInfo, send: () => Promise<EmbeddingResponse>): Promise<EmbeddingResponse> {
  const { tracer, metrics: meter } = instruments.get();
  let base: Attributes = { [GEN_AI.operationName]: GEN_AI_OPERATION.embeddings, [GEN_AI.providerName]: genAiProviderName(info.provider) };
  if (info.model) base = { ...base, [GEN_AI.requestModel]: info.model };
  const attributes = { ...base, [CHAT_TS.embeddingsInputCount]: request.texts.length, [CHAT_TS.embeddingsBatch]: info.batch, [CHAT_TS.attempt]: info.attempt };
  // named after the model once known: the call's, else the one that answered
  const span = tracer.startSpan(info.model ? `embeddings ${info.model}` : 'embeddings', { kind: SpanKind.CLIENT, attributes });
  const started = now();
  return context.with(trace.setSpan(context.active(), span), send).then(
    (response) => {
      span.setAttribute(GEN_AI.embeddingsDimensionCount, response.dimensions);
      if (!info.model) span.updateName(`embeddings ${response.model}`);
      span.setAttributes({ [GEN_AI.responseModel]: response.model, [GEN_AI.usageInputTokens]: response.usage.inputTokens });
      meter.recordDuration((now() - started) / 1000, { ...base, [GEN_AI.responseModel]: response.model });
      meter.recordUsage({ ...response.usage, outputTokens: 0 }, { ...base, [GEN_AI.responseModel]: response.model }, false);
      span.end();
      return response;
    },
    (error: unknown) => {
      meter.recordDuration((now() - started) / 1000, base, recordFailure(span, error));
      span.end();
      throw error;
    },
  );
}

function observeRun(instruments: Instruments, options: TelemetryOptions, run: RunStartInfo): RunObservation {
  const { tracer, metrics: meter } = instruments.get();
  const base: Attributes = { [GEN_AI.operationName]: GEN_AI_OPERATION.chat, [GEN_AI.providerName]: genAiProviderName(run.provider), [GEN_AI.requestModel]: run.model };
  const attributes: Attributes = { ...base, ...requestAttributes(run.options), [GEN_AI.requestStream]: run.mode === 'stream', [CHAT_TS.mode]: run.mode };
  const span = tracer.startSpan(`chat ${run.model}`, { kind: SpanKind.CLIENT, attributes }, context.active());
  const parent = trace.setSpan(context.active(), span);
  const prices = options.prices;
  let cost = prices ? zeroCost(prices) : undefined;
  const price = (response: ProviderResponse): Cost | undefined => {
    if (!prices || !cost) return undefined;
    const priced = costOf(response.usage, { provider: response.metadata.provider || run.provider, model: response.metadata.model || run.model }, prices);
    cost = addCost(cost, priced);
    return priced;
  };
  const scope: AttemptScope = { tracer, metrics: meter, parent, model: run.model, base, contentMax: contentCap(options.recordContent), now, price };
  return {
    within: (fn) => context.with(parent, fn),
    modelCall: (request, info, send) => attemptSpan(scope, request, info, send),
    tool: (call, execute) => toolSpan(tracer, scope, call, execute),
    end: (outcome) => {
      span.setAttributes({ ...usageAttributes(outcome.usage), [CHAT_TS.runStatus]: outcome.status });
      if (outcome.finishReason) span.setAttribute(GEN_AI.responseFinishReasons, [outcome.finishReason.raw ?? outcome.finishReason.unified]);
      const last = [...outcome.messages].reverse().find((m) => m.role === 'assistant');
      if (last?.metadata) span.setAttribute(GEN_AI.responseModel, last.metadata.model);
      if (scope.contentMax !== undefined && outcome.messages.length > 0) span.setAttribute(GEN_AI.outputMessages, messagesJson(outcome.messages, scope.contentMax));
      if (cost) span.setAttributes({ [CHAT_TS.costTotal]: cost.total, [CHAT_TS.costCurrency]: cost.currency });
      if (outcome.error) recordFailure(span, outcome.error);
      span.end();
    },
  };
}

/**
 * OpenTelemetry tracing and metrics for a chat, following the GenAI semantic conventions: a
 * `chat {model}` span per `complete()`/`stream()` run, a child `chat {model}` span per model
 * request attempt (`chat_ts.step`, `chat_ts.attempt`: retries are visible), an `execute_tool {name}`
 * span per tool execution (the tool runs in its context; a Python tool gets it as
 * `chat_ts.trace_context()`), an `embeddings {model}` span per
 * embedding batch; the `gen_ai.client.token.usage` and `gen_ai.client.operation.duration`
 * histograms. Prompts and completions are recorded only with `recordContent`.
 *
 * Needs `@opentelemetry/api` (an optional peer dependency) and, for tools to see the active span,
 * a registered context manager (the Node SDK registers one).
 *
 * @example
 * const chat = new ChatBuilder().withModel(provider).withObserver(openTelemetry()).build();
 */
export function openTelemetry(options: TelemetryOptions = {}): RunObserver {
  if (options.prices) validatePriceTable(options.prices);
  // Python tool calls carry the active span (the tool's) to the host: see docs/observability.md
  setTraceContextSource(w3cTraceHeaders);
  if (options.circuitBreakers) recordCircuitEvents(options.circuitBreakers);
  const instruments = new Instruments(options);
  return {
    startRun: (run) => observeRun(instruments, options, run),
    embedding: (request, info, send) => embeddingSpan(instruments, request, info, send),
  };
}
