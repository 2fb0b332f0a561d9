import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { GEN_AI, GEN_AI_METRIC, GEN_AI_OPERATION, GEN_AI_TOKEN_TYPE, genAiProviderName } from '../../lib/otel';

/** `fooBarBaz` -> `FOO_BAR_BAZ`. */
const upper = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
const table = semconv as unknown as Record<string, string>;

describe('chat-ts/otel names follow @opentelemetry/semantic-conventions', () => {
  it.each(Object.entries(GEN_AI))('GEN_AI.%s is the ATTR_ constant of the conventions', (key, value) => {
    const name = key === 'errorType' ? 'ATTR_ERROR_TYPE' : `ATTR_GEN_AI_${upper(key)}`;
    expect(table[name]).toBeDefined();
    expect(value).toBe(table[name]);
  });

  it('operation names, token types and metric names', () => {
    expect(GEN_AI_OPERATION).toEqual({
      chat: semconv.GEN_AI_OPERATION_NAME_VALUE_CHAT,
      executeTool: semconv.GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      embeddings: semconv.GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
    });
    expect(GEN_AI_TOKEN_TYPE).toEqual({ input: semconv.GEN_AI_TOKEN_TYPE_VALUE_INPUT, output: semconv.GEN_AI_TOKEN_TYPE_VALUE_OUTPUT });
    expect(GEN_AI_METRIC).toEqual({ tokenUsage: semconv.METRIC_GEN_AI_CLIENT_TOKEN_USAGE, operationDuration: semconv.METRIC_GEN_AI_CLIENT_OPERATION_DURATION });
  });

  it('maps chat-ts provider ids to the well-known provider names, others pass through', () => {
    expect(genAiProviderName('claude')).toBe(semconv.GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC);
    expect(genAiProviderName('gemini')).toBe(semconv.GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI);
    expect(genAiProviderName('mistral')).toBe(semconv.GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI);
    expect(genAiProviderName('openai')).toBe(semconv.GEN_AI_PROVIDER_NAME_VALUE_OPENAI);
    expect(genAiProviderName('ollama')).toBe('ollama');
  });
});
