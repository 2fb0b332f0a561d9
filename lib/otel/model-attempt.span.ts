import { context, SpanKind, trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import type { Cost } from '../core/cost.types';
import type { ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelAttemptInfo } from '../core/run-observer.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { messagesJson } from './content.capture';
import { CHAT_TS, CHAT_TS_EVENT, GEN_AI } from './gen-ai.attributes';
import type { GenAiMetrics } from './gen-ai.metrics';
import { errorTypeOf, recordFailure, requestAttributes, usageAttributes } from './span-helpers';

/** What an attempt span needs from its run. */
export interface AttemptScope {
  readonly tracer: Tracer;
  readonly metrics: GenAiMetrics;
  /** The run span's context: the attempt's parent. */
  readonly parent: Context;
  readonly model: string;
  /** `gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`: the metrics' attributes. */
  readonly base: Attributes;
  /** Content cap when content is recorded. */
  readonly contentMax?: number;
  readonly now: () => number;
  /** The cost of an answer, when prices are known (the run adds it up). */
  readonly price?: (response: ProviderResponse) => Cost | undefined;
}

/**
 * One model request attempt as a `chat {model}` CLIENT span, child of the run span; the request is
 * sent inside the span's context (an instrumented HTTP client joins the trace). Ends on the answer,
 * on failure (status ERROR, `error.type`), or on unsubscribe (`AbortedError`). Records duration and tokens.
 */
export function attemptSpan(scope: AttemptScope, request: ProviderRequest, info: ModelAttemptInfo, send: (request: ProviderRequest) => Observable<ModelStreamEvent>): Observable<ModelStreamEvent> {
  return new Observable<ModelStreamEvent>((subscriber) => {
    const attributes: Attributes = {
      ...scope.base,
      ...requestAttributes(request.options),
      [GEN_AI.requestStream]: info.mode === 'stream',
      [CHAT_TS.step]: info.step,
      [CHAT_TS.attempt]: info.attempt,
      [CHAT_TS.repair]: info.repair,
    };
    if (scope.contentMax !== undefined) {
      attributes[GEN_AI.inputMessages] = messagesJson(request.messages, scope.contentMax);
      if (request.system) attributes[GEN_AI.systemInstructions] = messagesJson([{ role: 'system', parts: [{ type: 'text', text: request.system }] }], scope.contentMax);
    }
    const span = scope.tracer.startSpan(`chat ${scope.model}`, { kind: SpanKind.CLIENT, attributes }, scope.parent);
    const started = scope.now();
    let metricAttributes: Attributes = scope.base;
    let ended = false;
    const end = (error?: unknown): void => {
      if (ended) return;
      ended = true;
      const errorType = error === undefined ? undefined : recordFailure(span, error);
      scope.metrics.recordDuration((scope.now() - started) / 1000, metricAttributes, errorType);
      span.end();
    };
    const subscription = context.with(trace.setSpan(scope.parent, span), () =>
      send(request).subscribe({
        next: (event) => {
          if (event.type === 'step-finish') {
            const { response } = event;
            metricAttributes = { ...scope.base, [GEN_AI.responseModel]: response.metadata.model };
            span.setAttributes({ ...usageAttributes(response.usage), [GEN_AI.responseModel]: response.metadata.model, [CHAT_TS.responseProvider]: response.metadata.provider, [GEN_AI.responseFinishReasons]: [response.finishReason.raw ?? response.finishReason.unified] });
            if (response.metadata.id) span.setAttribute(GEN_AI.responseId, response.metadata.id);
            if (scope.contentMax !== undefined) span.setAttribute(GEN_AI.outputMessages, messagesJson([{ role: 'assistant', parts: response.parts }], scope.contentMax));
            scope.metrics.recordUsage(response.usage, metricAttributes);
            const cost = scope.price?.(response);
            if (cost) span.setAttributes({ [CHAT_TS.costTotal]: cost.total, [CHAT_TS.costCurrency]: cost.currency });
          } else if (event.type === 'provider-fallback') {
            span.addEvent(CHAT_TS_EVENT.providerFallback, { from: event.from, to: event.to, mode: event.mode, [GEN_AI.errorType]: errorTypeOf(event.error) });
          }
          subscriber.next(event);
        },
        error: (error: unknown) => {
          end(error);
          subscriber.error(error);
        },
        complete: () => {
          end();
          subscriber.complete();
        },
      }),
    );
    return () => {
      if (!ended) end(Object.assign(new Error('The model request was cancelled before it finished'), { name: 'AbortedError' }));
      subscription.unsubscribe();
    };
  });
}
