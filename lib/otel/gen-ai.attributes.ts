/**
 * The OpenTelemetry GenAI semantic-convention names chat-ts writes (attribute keys, operation
 * names, metric names). Copied as strings so that `chat-ts/otel` needs only `@opentelemetry/api`;
 * a spec checks each against `@opentelemetry/semantic-conventions`.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestTopK: 'gen_ai.request.top_k',
  requestSeed: 'gen_ai.request.seed',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestStream: 'gen_ai.request.stream',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolType: 'gen_ai.tool.type',
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  tokenType: 'gen_ai.token.type',
  embeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
  errorType: 'error.type',
} as const;

/** `gen_ai.operation.name` values. */
export const GEN_AI_OPERATION = { chat: 'chat', executeTool: 'execute_tool', embeddings: 'embeddings' } as const;

/** `gen_ai.token.type` values. */
export const GEN_AI_TOKEN_TYPE = { input: 'input', output: 'output' } as const;

/** The GenAI client metrics (histograms). */
export const GEN_AI_METRIC = {
  tokenUsage: 'gen_ai.client.token.usage',
  operationDuration: 'gen_ai.client.operation.duration',
} as const;

/** chat-ts's own attributes (outside the `gen_ai` namespace). */
export const CHAT_TS = {
  mode: 'chat_ts.mode',
  step: 'chat_ts.step',
  attempt: 'chat_ts.attempt',
  repair: 'chat_ts.repair',
  runStatus: 'chat_ts.run.status',
  /** The provider that answered (a router's choice). */
  responseProvider: 'chat_ts.response.provider',
  retryable: 'chat_ts.error.retryable',
  toolErrorKind: 'chat_ts.tool.error_kind',
  embeddingsInputCount: 'chat_ts.embeddings.input_count',
  embeddingsBatch: 'chat_ts.embeddings.batch',
  /** A circuit state change (span event `chat_ts.circuit_state_change`): the routed provider's name, states and failure count. */
  circuitProvider: 'chat_ts.circuit.provider',
  circuitFrom: 'chat_ts.circuit.from',
  circuitTo: 'chat_ts.circuit.to',
  circuitFailures: 'chat_ts.circuit.failures',
  costTotal: 'chat_ts.cost.total',
  costCurrency: 'chat_ts.cost.currency',
} as const;

/**
 * chat-ts's span events.
 *
 * @example
 * const opened = span.events.filter((e) => e.name === CHAT_TS_EVENT.circuitStateChange && e.attributes?.[CHAT_TS.circuitTo] === 'open');
 */
export const CHAT_TS_EVENT = {
  /** A router moved a streamed request to another provider (`from`, `to`, `mode`, `error.type`). */
  providerFallback: 'chat_ts.provider_fallback',
  /** A router's circuit changed state (`chat_ts.circuit.*`), on the span active when it did. */
  circuitStateChange: 'chat_ts.circuit_state_change',
} as const;

const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  responses: 'openai',
  claude: 'anthropic',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  mistral: 'mistral_ai',
  deepseek: 'deepseek',
};

/** `gen_ai.provider.name` for a chat-ts provider id (the well-known names where the conventions have one, else the id). */
export function genAiProviderName(providerId: string): string {
  return PROVIDER_NAMES[providerId] ?? providerId;
}
