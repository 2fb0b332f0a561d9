import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import type { Usage } from '../core/usage.types';
import { GEN_AI, GEN_AI_METRIC, GEN_AI_TOKEN_TYPE } from './gen-ai.attributes';

// bucket boundaries the GenAI conventions advise
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** The two GenAI client histograms: `gen_ai.client.token.usage` and `gen_ai.client.operation.duration`. */
export class GenAiMetrics {
  private readonly tokens: Histogram;
  private readonly duration: Histogram;

  constructor(meter: Meter) {
    this.tokens = meter.createHistogram(GEN_AI_METRIC.tokenUsage, {
      description: 'Number of input and output tokens used',
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
    this.duration = meter.createHistogram(GEN_AI_METRIC.operationDuration, {
      description: 'GenAI operation duration',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  }

  /** One operation (a model request attempt, an embedding batch) took `seconds`; `errorType` when it failed. */
  recordDuration(seconds: number, attributes: Attributes, errorType?: string): void {
    this.duration.record(seconds, errorType ? { ...attributes, [GEN_AI.errorType]: errorType } : attributes);
  }

  /** The tokens of one answered operation, by token type (output only when `withOutput`). */
  recordUsage(usage: Usage, attributes: Attributes, withOutput = true): void {
    this.tokens.record(usage.inputTokens, { ...attributes, [GEN_AI.tokenType]: GEN_AI_TOKEN_TYPE.input });
    if (withOutput) this.tokens.record(usage.outputTokens, { ...attributes, [GEN_AI.tokenType]: GEN_AI_TOKEN_TYPE.output });
  }
}
