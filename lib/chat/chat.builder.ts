import type { Clock } from '../core/clock.types';
import type { EmbeddingSupport } from '../core/embedding-support.types';
import type { OutputSpec } from '../core/output.types';
import type { ChatProvider, GenerationOptions } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { ConfigurationError } from '../errors/configuration.error';
import { registerSecret } from '../errors/secret-registry';
import type { RetryPolicy } from '../retry/retry-policy.types';
import type { RunObserver } from '../core/run-observer.types';
import type { AfterResponseHook, BeforeRequestHook } from './request-hooks';
import { outputSpecFor, type OutputClass } from '../schema/output-spec.factory';
import type { BuildCheck, ChatBuilderState, InitialChatBuilderState, NextState, Once } from './builder-state.types';
import { Chat } from './chat';
import type { ApprovalStrategy, FinishCallback } from './chat.types';
import type { ToolErrorPolicy } from './tool-error.policy';
import { isToolSet } from './tool-registry';
import { validateRetryPolicy } from '../retry/retry-policy.validation';

/** What a `ChatBuilder` has collected (plain data; each `with*` returns a new builder). */
export interface ChatBuilderConfig {
  readonly provider?: ChatProvider;
  readonly systemPrompt?: string;
  readonly options?: GenerationOptions;
  readonly tools: readonly ToolDefinition[];
  readonly toolSets: readonly ToolSet[];
  readonly approval?: ApprovalStrategy;
  readonly approvalSecret?: string;
  readonly maxSteps?: number;
  readonly toolConcurrency?: number;
  readonly repairAttempts?: number;
  readonly clock?: Clock;
  readonly output?: OutputSpec<unknown>;
  readonly onFinish?: FinishCallback;
  /** The retry policy; `false`: none; unset: `defaultRetryPolicy()`. */
  readonly retry?: RetryPolicy | false;
  readonly embeddingConcurrency?: number;
  readonly beforeRequest?: readonly BeforeRequestHook[];
  readonly afterResponse?: readonly AfterResponseHook[];
  readonly toolErrors?: ToolErrorPolicy;
  readonly observers?: readonly RunObserver[];
}

const EMPTY: ChatBuilderConfig = { tools: [], toolSets: [] };

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new ConfigurationError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

function isOutputSpec(value: OutputSpec<unknown> | OutputClass<object>): value is OutputSpec<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as OutputSpec<unknown>).parse === 'function';
}

/**
 * Builds a {@link Chat}. Type-state: `build()` compiles only after `withModel()`;
 * `withStructuredOutput(X)` makes `complete()` return `ChatResponse<X>`; calling `withModel`,
 * `withStructuredOutput`, `withSystemPrompt`, `withApproval` or `onFinish` twice, tool settings
 * without tools, and repair attempts without structured output do not compile either.
 * Builders are immutable: a base builder can be shared to make several chats.
 *
 * @example
 * const chat = new ChatBuilder()
 *   .withModel(provider)
 *   .withSystemPrompt('You are a weather assistant.')
 *   .withTools(collectTools(new WeatherTools()))
 *   .withStructuredOutput(Forecast)
 *   .build();
 * const { output } = await chat.complete('Weather in Paris tomorrow?'); // output: Forecast
 */
export class ChatBuilder<S extends ChatBuilderState = InitialChatBuilderState> {
  /** Compile-time state only; never set. */
  declare readonly __state?: S;
  private readonly config: ChatBuilderConfig;

  constructor(config: ChatBuilderConfig = EMPTY) {
    this.config = config;
  }

  private static next<N extends ChatBuilderState>(from: unknown, change: Partial<ChatBuilderConfig>): ChatBuilder<N> {
    return new ChatBuilder<N>({ ...(from as ChatBuilder<ChatBuilderState>).config, ...change });
  }

  private static configOf(from: unknown): ChatBuilderConfig {
    return (from as ChatBuilder<ChatBuilderState>).config;
  }

  /**
   * The model provider (any `ChatProvider`, a router included). Once. The provider's type decides
   * whether `chat.embed()` compiles: not when it is known to have no embeddings (e.g. Claude, or
   * OpenAI built without `withEmbeddings()`).
   */
  withModel<P extends ChatProvider>(
    this: Once<S['model'], ChatBuilder<S>, 'withModel() was already called: a chat has one model (use a router for several)'>,
    provider: P,
  ): ChatBuilder<NextState<S, { model: true; embeddings: EmbeddingSupport<P> }>> {
    if (ChatBuilder.configOf(this).provider) throw new ConfigurationError('withModel() was already called: a chat has one model');
    if (!provider || typeof provider.complete !== 'function') throw new ConfigurationError('withModel() needs a ChatProvider');
    return ChatBuilder.next(this, { provider });
  }

  /** The system prompt sent with every request. Once. */
  withSystemPrompt(this: Once<S['system'], ChatBuilder<S>, 'withSystemPrompt() was already called'>, prompt: string): ChatBuilder<NextState<S, { system: true }>> {
    return ChatBuilder.next(this, { systemPrompt: prompt });
  }

  /** Generation options (merged with earlier ones; per-call `options` override them). */
  withOptions(options: GenerationOptions): ChatBuilder<S> {
    return ChatBuilder.next(this, { options: { ...this.config.options, ...options } });
  }

  /** Tools the model may call: definitions (e.g. from `collectTools()`) or a `ToolSet`. Accumulates. */
  withTools(tools: readonly ToolDefinition[] | ToolSet): ChatBuilder<NextState<S, { tools: true }>> {
    const set = isToolSet(tools) ? tools : undefined;
    const list = set ? set.tools : (tools as readonly ToolDefinition[]);
    return ChatBuilder.next(this, { tools: [...this.config.tools, ...list], toolSets: set ? [...this.config.toolSets, set] : this.config.toolSets });
  }

  /** Decides per tool call: execute, require approval, defer until a time, or reject. Once; needs tools. */
  withApproval(
    this: Once<S['approval'], ChatBuilder<S>, 'withApproval() was already called'>,
    strategy: ApprovalStrategy,
  ): ChatBuilder<NextState<S, { approval: true; toolSettings: true }>> {
    return ChatBuilder.next(this, { approval: strategy });
  }

  /**
   * Key of the approval seals (at least 16 characters; default `CHAT_TS_APPROVAL_SECRET`, else a
   * random key per process). Give every process that resumes saved conversations the same one:
   * an approval whose seal does not verify is not run; the call waits again, with a `warning`.
   */
  withApprovalSecret(secret: string): ChatBuilder<S> {
    if (typeof secret !== 'string' || secret.length < 16) throw new ConfigurationError('withApprovalSecret() needs a string of at least 16 characters');
    registerSecret(secret);
    return ChatBuilder.next(this, { approvalSecret: secret });
  }

  /** Max model requests in one call's tool loop (default 10); reaching it is a `MaxStepsExceededError`. Needs tools. */
  withMaxSteps(steps: number): ChatBuilder<NextState<S, { toolSettings: true }>> {
    return ChatBuilder.next(this, { maxSteps: integer('maxSteps', steps, 1) });
  }

  /** Max tool calls of one turn running at once (default 4). Needs tools. */
  withToolConcurrency(limit: number): ChatBuilder<NextState<S, { toolSettings: true }>> {
    return ChatBuilder.next(this, { toolConcurrency: integer('toolConcurrency', limit, 1) });
  }

  /**
   * What the model is told when a tool throws (Python tools included). Default: the error's
   * message only, never a stack; `{ exposeToolErrors: false }`: a generic text naming the tool;
   * `{ formatToolError: (error, call) => text }`: your own text. Replaces an earlier policy.
   *
   * @example
   * new ChatBuilder().withModel(p).withTools(tools).withToolErrors({ exposeToolErrors: false }).build();
   */
  withToolErrors(policy: ToolErrorPolicy): ChatBuilder<S> {
    if (!policy || typeof policy !== 'object') throw new ConfigurationError('withToolErrors() needs a policy object, e.g. { exposeToolErrors: false }');
    if (policy.formatToolError !== undefined && typeof policy.formatToolError !== 'function') throw new ConfigurationError('withToolErrors(): formatToolError must be a function (error, call) => string');
    return ChatBuilder.next(this, { toolErrors: policy });
  }

  /** Extra requests to repair an invalid structured answer (default 2). Needs structured output. */
  withRepairAttempts(attempts: number): ChatBuilder<NextState<S, { repair: true }>> {
    return ChatBuilder.next(this, { repairAttempts: integer('repairAttempts', attempts, 0) });
  }

  /** The clock for deferrals and retry waits (a `VirtualClock` in tests). */
  withClock(clock: Clock): ChatBuilder<S> {
    return ChatBuilder.next(this, { clock });
  }

  /**
   * Retries each model request and embedding batch (never a tool run) under `policy`; `options`
   * overrides fields of it, e.g. `{ onContextLength: trimOldestTurns }`. Without this call a chat
   * retries under `defaultRetryPolicy()` (3 attempts, jittered exponential backoff, `Retry-After`
   * honoured); `withRetry(false)` sends every request once.
   *
   * @example
   * new ChatBuilder().withModel(p).withRetry(exponentialBackoff({ maxAttempts: 5 })).build();
   * new ChatBuilder().withModel(p).withRetry(false).build(); // no retry
   */
  withRetry(policy: RetryPolicy | false, options: Partial<RetryPolicy> = {}): ChatBuilder<S> {
    if (policy === false) return ChatBuilder.next(this, { retry: false });
    return ChatBuilder.next(this, { retry: validateRetryPolicy({ ...policy, ...options }, 'withRetry()') });
  }

  /** A hook run before each attempt of each model request; it may change the request. Accumulates. */
  beforeRequest(hook: BeforeRequestHook): ChatBuilder<S> {
    return ChatBuilder.next(this, { beforeRequest: [...(this.config.beforeRequest ?? []), hook] });
  }

  /** A hook run after each attempt of each model request, with its response or error and duration. Accumulates. */
  afterResponse(hook: AfterResponseHook): ChatBuilder<S> {
    return ChatBuilder.next(this, { afterResponse: [...(this.config.afterResponse ?? []), hook] });
  }

  /**
   * Watches runs, model requests, tool executions and embedding batches: OpenTelemetry
   * (`openTelemetry()` from `chat-ts/otel`), budgets (`budgets()`), your own. Accumulates; the
   * first observer added is the outermost.
   *
   * @example
   * new ChatBuilder().withModel(p).withObserver(budgets({ limits: [perUserDaily] })).build();
   */
  withObserver(observer: RunObserver): ChatBuilder<S> {
    if (!observer || typeof observer !== 'object') throw new ConfigurationError('withObserver() needs a RunObserver object');
    return ChatBuilder.next(this, { observers: [...(this.config.observers ?? []), observer] });
  }

  /** Max embedding batches in flight at once (default 4). */
  withEmbeddingConcurrency(limit: number): ChatBuilder<S> {
    return ChatBuilder.next(this, { embeddingConcurrency: integer('embeddingConcurrency', limit, 1) });
  }

  /** Called once at the end of every call, also when a stream is cut (with the usage so far). Once. */
  onFinish(this: Once<S['onFinish'], ChatBuilder<S>, 'onFinish() was already called'>, callback: FinishCallback): ChatBuilder<NextState<S, { onFinish: true }>> {
    return ChatBuilder.next(this, { onFinish: callback });
  }

  /**
   * Structured output: `complete()` returns `ChatResponse<T>` with a validated `output`. Takes an
   * `OutputSpec<T>`, or a `@Schema()` class (its spec comes from the schema pipeline). Once.
   */
  withStructuredOutput<T>(
    this: Once<S['structured'], ChatBuilder<S>, 'withStructuredOutput() was already called'>,
    spec: OutputSpec<T>,
  ): ChatBuilder<NextState<S, { structured: true; output: T }>>;
  withStructuredOutput<T extends object>(
    this: Once<S['structured'], ChatBuilder<S>, 'withStructuredOutput() was already called'>,
    type: OutputClass<T>,
  ): ChatBuilder<NextState<S, { structured: true; output: T }>>;
  withStructuredOutput(this: unknown, specOrClass: OutputSpec<unknown> | OutputClass<object>): unknown {
    if (ChatBuilder.configOf(this).output) throw new ConfigurationError('withStructuredOutput() was already called');
    const output = isOutputSpec(specOrClass) ? specOrClass : outputSpecFor(specOrClass);
    return ChatBuilder.next(this, { output });
  }

  /** The chat. Compiles only in a valid state (a model is set, dependent settings have what they need). */
  build(this: BuildCheck<S, ChatBuilder<S>>): Chat<S['output'], S['embeddings']> {
    const c = ChatBuilder.configOf(this);
    if (!c.provider) throw new ConfigurationError('build() needs a model: call withModel(provider) first');
    if (c.tools.length > 0 && !c.provider.capabilities.tools) {
      throw new ConfigurationError(`${c.provider.id} (${c.provider.model}) does not support tools`, { provider: c.provider.id });
    }
    let systemPrompt = c.systemPrompt;
    if (c.output && !c.provider.capabilities.structuredOutput) {
      const instruction = `Answer with only a JSON value (no prose) matching this JSON Schema:\n${JSON.stringify(c.output.schema)}`;
      systemPrompt = systemPrompt ? `${systemPrompt}\n\n${instruction}` : instruction;
    }
    return new Chat<S['output'], S['embeddings']>({
      provider: c.provider,
      systemPrompt,
      options: c.options,
      tools: c.tools,
      toolSets: c.toolSets,
      approval: c.approval,
      approvalSecret: c.approvalSecret,
      maxSteps: c.maxSteps,
      toolConcurrency: c.toolConcurrency,
      repairAttempts: c.repairAttempts,
      clock: c.clock,
      output: c.output as OutputSpec<S['output']> | undefined,
      onFinish: c.onFinish,
      retry: c.retry,
      embeddingConcurrency: c.embeddingConcurrency,
      toolErrors: c.toolErrors,
      observers: c.observers,
      ...(c.beforeRequest || c.afterResponse ? { hooks: { before: c.beforeRequest ?? [], after: c.afterResponse ?? [] } } : {}),
    });
  }
}
