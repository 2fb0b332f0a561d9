/**
 * chat-ts: one typed API for large language models, whatever the provider.
 * The root entry exports the contract, the errors, the engine and the default transport;
 * providers live in their own subpaths (`chat-ts/completions`, `chat-ts/claude`, ...).
 * @packageDocumentation
 */
export {
  CONVERSATION_FORMAT_VERSION,
  Messages,
  addUsage,
  emptyUsage,
  systemClock,
} from './core';
export type {
  CapabilitiesWith,
  ChatProvider,
  Clock,
  ContentPart,
  ContentPartType,
  EmbedOptions,
  EmbeddingRequest,
  EmbeddingResponse,
  EmbeddingSupport,
  EmbeddingTaskType,
  ErrorEvent,
  FilePart,
  FinishEvent,
  FinishReason,
  GenerationInterruptedEvent,
  GenerationOptions,
  GenerationRestartedEvent,
  ImagePart,
  InputAcceptedEvent,
  JsonObject,
  JsonSchema,
  JsonValue,
  MediaSource,
  Message,
  ModelStreamEvent,
  NativeTool,
  NativeToolKind,
  OutputCheck,
  OutputSpec,
  PartOrigin,
  PartialImageEvent,
  PartialOutputEvent,
  PausedEvent,
  ProviderCapabilities,
  ProviderFallbackEvent,
  ProviderPart,
  ProviderRequest,
  ProviderResponse,
  ReasoningDeltaEvent,
  ReasoningPart,
  RequestOptions,
  ResponseFormat,
  ResponseMetadata,
  ResponseStatus,
  Role,
  SerializedConversation,
  Source,
  StepFinishEvent,
  StreamEvent,
  StreamEventType,
  TextDeltaEvent,
  TextPart,
  ToolArgumentsCheck,
  ToolCallApproval,
  ToolCallDeltaEvent,
  ToolCallEndEvent,
  ToolCallPart,
  ToolCallStartEvent,
  ToolCallStatus,
  ToolChoice,
  ToolContext,
  ToolDefinition,
  ToolErrorKind,
  ToolMetadata,
  ToolProgressEvent,
  ToolProgressUpdate,
  ToolResultEvent,
  ToolResultPart,
  ToolSet,
  ToolSpec,
  UnifiedFinishReason,
  Usage,
  UsageEvent,
  WarningEvent,
} from './core';
export {
  AbortedError,
  AllProvidersFailedError,
  AuthenticationError,
  CallbackError,
  CassetteFormatError,
  CassetteMismatchError,
  ChatError,
  ConcurrentRunError,
  ConfigurationError,
  ContentFilterError,
  ContextLengthExceededError,
  ConversationFormatError,
  DecoratorUsageError,
  EmbeddingBatchError,
  InvalidRequestError,
  InvalidResponseError,
  IllegalTurnTransitionError,
  MaxStepsExceededError,
  ModelFileError,
  NetworkError,
  NoExplicitTypeError,
  OutputValidationError,
  ProviderOverloadedError,
  PythonHostCrashedError,
  PythonInterpreterError,
  PythonToolArgumentsError,
  PythonToolError,
  PythonToolLoadError,
  PythonToolSchemaError,
  QueueFullError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ToolCallDeniedError,
  ToolDefinitionError,
  ToolNameClashError,
  ToolProgressError,
  UnsupportedFeatureError,
  errorFromHttp,
  redact,
  registerSecret,
} from './errors';
export type {
  CallbackErrorOptions,
  ChatErrorOptions,
  ContentFilterErrorOptions,
  HttpErrorInfo,
  ModelFileProblem,
  PythonInterpreterSource,
} from './errors';
export {
  AxiosTransport,
  defaultTransport,
  secretHeaders,
} from './transport';
export type {
  AxiosClient,
  AxiosClientRequestConfig,
  AxiosClientResponse,
  AxiosTransportOptions,
  MessageChannel,
  Transport,
  TransportRequest,
  TransportResponse,
  TransportStream,
} from './transport';
export {
  exponentialBackoff,
  fixedDelay,
  noRetry,
  runWithRetry,
  trimOldestTurns,
} from './retry';
export type {
  BackoffStrategy,
  ContextTrimmer,
  ExponentialBackoffOptions,
  RetryInfo,
  RetryPolicy,
  RetryRunOptions,
} from './retry';
export {
  Chat,
  ChatBuilder,
  ChatSession,
  DEFAULT_EMBEDDING_BATCH_SIZE,
  DEFAULT_EMBEDDING_CONCURRENCY,
  DEFAULT_INPUT_COALESCE_MS,
  DEFAULT_MAX_STEPS,
  DEFAULT_REPAIR_ATTEMPTS,
  DEFAULT_TOOL_CONCURRENCY,
  finalOutput,
  isSteerableProvider,
  parsePartialJson,
  partialOutputs,
  reasoningDeltas,
  textDeltas,
  toResponse,
  toolCalls,
  toolResults,
} from './chat';
export type {
  AfterResponseHook,
  AfterResponseInfo,
  ApprovalDecision,
  ApprovalStrategy,
  BeforeRequestHook,
  BuildCheck,
  CallOptions,
  ChatBuilderConfig,
  ChatBuilderState,
  ChatConfig,
  ChatResponse,
  ChatSettings,
  ConversationInput,
  EmbedCallOptions,
  EmbedCheck,
  EmbeddingCallInfo,
  EmbeddingCaller,
  EmbeddingTarget,
  FinishCallback,
  FinishInfo,
  InitialChatBuilderState,
  InputHandlingOptions,
  ModelCallInfo,
  ModelCaller,
  NextState,
  Once,
  PartialJson,
  RequestHooks,
  RunningToolsOnInput,
  SessionOptions,
  SessionState,
  SteeringSlot,
  StreamCallOptions,
  UserInput,
} from './chat';
export {
  Field,
  Schema,
  Tool,
} from './decorators';
export type {
  AnyClass,
  ArgumentsClass,
  EnumObject,
  FieldOptions,
  FieldType,
  FieldTypeThunk,
  ObjectClass,
  SchemaOptions,
  ToolMethodRecord,
  ToolOptions,
} from './decorators';
export {
  MethodToolDefinition,
  NoArguments,
  ToolsBuilder,
  collectTools,
} from './tools';
export type {
  LoadedTools,
  ToolMethod,
  ToolSource,
} from './tools';
export {
  SCHEMA_DIALECTS,
  claudeDialect,
  deriveSchema,
  geminiDialect,
  openAiStrictDialect,
  outputSpecFor,
  schemaOfClass,
} from './schema';
export type {
  ClassSchema,
  ClassValidation,
  OutputClass,
  SchemaDialect,
  ToolArgumentsSchema,
} from './schema';
export {
  SCHEMA_METADATA_VERSION,
} from './schema/metadata/schema-metadata.types';
export type {
  ClassMetadata,
  ClassThunk,
  SchemaMetadata,
  ToolMethodMetadata,
} from './schema/metadata/schema-metadata.types';
export {
  DEFAULT_RETRY_ATTEMPTS,
  defaultRetryPolicy,
} from './retry/default-retry.policy';
export {
  MissingSchemaMetadataError,
} from './errors/missing-schema-metadata.error';
export type {
  NativeSteeringHook,
  NativeSteeringStream,
} from './chat/input/native-steering.types';
export {
  NodeHttpTransport,
} from './transport/node-http.transport';
export type {
  NodeHttpTransportOptions,
} from './transport/node-http.transport';
export {
  RUNTIME_SCHEMA_WARNING,
} from './schema/metadata/missing-schema.notice';
export {
  STRICT_SCHEMAS_ENV,
  configureSchemas,
  currentSchemaSettings,
  resetSchemaSettings,
  withSchemaSettings,
} from './schema/metadata/schema-settings';
export type {
  SchemaSettings,
} from './schema/metadata/schema-settings';
export {
  genericToolError,
} from './chat/tool-error.policy';
export type {
  ToolErrorFormatter,
  ToolErrorPolicy,
} from './chat/tool-error.policy';
export {
  hasSchemaMetadata,
  loadSchemaMetadata,
  resetSchemaMetadata,
} from './schema/metadata/schema-metadata.store';
export {
  isChatError,
} from './core/chat.error';
export {
  ChatNotRegisteredError,
} from './errors/chat-not-registered.error';
export type {
  EmbeddingAttemptInfo,
  ModelAttemptInfo,
  RunEndInfo,
  RunObservation,
  RunObserver,
  RunStartInfo,
} from './core/run-observer.types';
export type {
  Cost,
} from './core/cost.types';
export {
  addCost,
  costOf,
  findPrice,
  usageMeter,
  validatePriceTable,
  zeroCost,
} from './cost';
export type {
  ModelPrice,
  PriceTable,
  PricedModel,
  TokenPrices,
  UsageMeterOptions,
  UsageReport,
} from './cost';
export {
  BudgetExceededError,
} from './errors/budget-exceeded.error';
export {
  BudgetStoreError,
} from './errors/budget-store.error';
export type {
  BudgetExceededDetails,
} from './errors/budget-exceeded.error';
export {
  DEFAULT_OUTPUT_ESTIMATE,
  InMemoryBudgetStore,
  budgets,
  estimateUsage,
  windowAt,
} from './budget';
export type {
  BudgetCounter,
  BudgetEvent,
  BudgetLimit,
  BudgetStore,
  BudgetWindow,
  BudgetsOptions,
} from './budget';
export {
  MemoryCounterStore,
  MemoryHoldStore,
} from './core';
export type {
  CounterConsumeResult,
  CounterStore,
  CounterValue,
  HoldStore,
} from './core';
export {
  ConversationService,
  MemoryConversationStore,
} from './conversations';
export type {
  ConversationServiceOptions,
  LoadedConversation,
} from './conversations';
export type {
  ConversationClaim,
  ConversationStore,
  ConversationWrite,
  StoredConversation,
} from './core';
export {
  ApprovalConflictError,
  ConversationConflictError,
  ConversationNotFoundError,
  StreamRelayError,
} from './errors';
export { withContextWindowCheck } from './chat/context-window.guard';
export type { ContextWindowOptions } from './chat/context-window.guard';
export type { TokenCount, TokenCountSource } from './core';
export type { BatchOptions, BatchProgress, BatchResult, ChatBatch } from './chat/batch.runner';
export type { BatchCounts, BatchItem, BatchItemOutcome, BatchJob, BatchStatus, ProviderBatches } from './core';
export { BatchItemError } from './errors';
export type { BatchItemProblem } from './errors';
