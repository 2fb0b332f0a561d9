import { Observable } from 'rxjs';
import type { EmbeddingResponse } from '../core/embedding.types';
import type { OutputSpec } from '../core/output.types';
import type { ChatProvider } from '../core/provider.types';
import type { StreamEvent } from '../core/stream-event.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { systemClock } from '../core/system.clock';
import { AbortedError } from '../errors/aborted.error';
import { defaultRetryPolicy } from '../retry/default-retry.policy';
import type { RetryPolicy } from '../retry/retry-policy.types';
import type { RunObserver } from '../core/run-observer.types';
import { linkedController, NEVER_ABORTED } from './abort.helpers';
import { ApprovalSealer } from './approval-seal';
import type { EmbedCheck } from './builder-state.types';
import type { CallOptions, ChatResponse, ChatSettings, ConversationInput } from './chat.types';
import { ConversationTarget, TurnTracker } from './conversation-target';
import { DEFAULT_EMBEDDING_CONCURRENCY, embedInBatches, type EmbedCallOptions } from './embedder';
import { providerCaller, providerEmbeddingCaller, type EmbeddingCaller, type ModelCaller } from './model-caller';
import { hookedCaller, type RequestHooks } from './request-hooks';
import { retryingCaller, retryingEmbeddingCaller } from './retrying.caller';
import { costField, observedEmbeddingCaller, observedSettings, observeRun, type ObservedSeam } from './run-observers';
import type { RunSettings } from './run-settings';
import { ToolRegistry } from './tool-registry';
import { TurnRunner, type TurnOutcome } from './tool-loop.runner';
import { finishEvents, notifyFinish, toChatResponse, writeInterrupted } from './turn-finish.helpers';
import { countConversationTokens } from './token-counter';
import { runBatch, type BatchOptions, type ChatBatch } from './batch.runner';
import type { TokenCount } from '../core/token-count.types';
import { ChatSession, type SessionOptions } from './input/chat-session';
import { InputInbox } from './input/input-inbox';
import type { StreamCallOptions } from './input/user-input.types';

/** Default `maxSteps`: model requests in one call's tool loop. */
export const DEFAULT_MAX_STEPS = 10;
/** Default tool calls of one turn running at once. */
export const DEFAULT_TOOL_CONCURRENCY = 4;
/** Default structured-output repair attempts. */
export const DEFAULT_REPAIR_ATTEMPTS = 2;

/** How a `Chat` is made: its provider plus settings. `ChatBuilder` fills it; Nest apps may inject it. */
export interface ChatConfig<T = string> extends ChatSettings {
  readonly provider: ChatProvider;
  /** Structured output; without it `output` is the text. */
  readonly output?: OutputSpec<T>;
  /** Tool sets whose resources `chat.dispose()` releases. */
  readonly toolSets?: readonly ToolSet[];
  /**
   * Retry policy for each model request and each embedding batch (never a tool run); `false` for
   * none. Unset: `defaultRetryPolicy()` (3 attempts with jittered exponential backoff).
   */
  readonly retry?: RetryPolicy | false;
  /** Before/after hooks around each attempt of each model request (the retry policy wraps them). */
  readonly hooks?: RequestHooks;
  /** Replaces the model-request seam (routing, recording); the retry policy wraps it. */
  readonly modelCaller?: ModelCaller;
  /** Replaces the embedding seam; the retry policy wraps it. */
  readonly embeddingCaller?: EmbeddingCaller;
  /** Watch (and may refuse) runs, model requests, tool executions and embedding batches: telemetry, budgets. */
  readonly observers?: readonly RunObserver[];
}

const noop = (): void => undefined;

/**
 * A configured chat: a provider plus settings, tools and structured output. Stateless: the
 * conversation belongs to the caller, so one `Chat` serves any number of concurrent requests.
 * A call reads the conversation as it was when it began and writes its turn back once, at the end.
 *
 * @example
 * const chat = new ChatBuilder().withModel(provider).withTools(tools).build();
 * const messages = Messages.fromUser('Weather in Paris?');
 * const reply = await chat.complete(messages);
 * chat.stream(messages.user('And Rome?')).pipe(textDeltas()).subscribe((t) => process.stdout.write(t));
 *
 * `T` is invariant (`in out`): its settings both take and give `T` (output checks, finish callbacks),
 * and the annotation keeps that in the published `.d.ts`, where private fields have no types.
 */
export class Chat<in out T = string, out E extends boolean = boolean> {
  private readonly settings: RunSettings<T>;
  private readonly embeddingCaller: EmbeddingCaller;
  /** What an observed run rebuilds its model seam from (issue 22). */
  private readonly seam: ObservedSeam;

  constructor(private readonly config: ChatConfig<T>) {
    const clock = config.clock ?? systemClock;
    const direct = config.modelCaller ?? providerCaller(config.provider);
    const base = config.hooks ? hookedCaller(direct, config.hooks, clock) : direct;
    const embed = observedEmbeddingCaller(config.embeddingCaller ?? providerEmbeddingCaller(config.provider), config.observers ?? [], config.provider);
    const retry = config.retry === false ? undefined : (config.retry ?? defaultRetryPolicy());
    this.seam = { inner: direct, hooks: config.hooks, retry };
    this.embeddingCaller = retry ? retryingEmbeddingCaller(embed, retry, clock) : embed;
    this.settings = {
      provider: { id: config.provider.id, model: config.provider.model },
      caller: retry ? retryingCaller(base, retry, clock) : base,
      system: config.systemPrompt,
      options: config.options,
      tools: new ToolRegistry(config.tools ?? [], config.toolSets ?? []),
      maxSteps: config.maxSteps ?? DEFAULT_MAX_STEPS,
      toolConcurrency: config.toolConcurrency ?? DEFAULT_TOOL_CONCURRENCY,
      repairAttempts: config.repairAttempts ?? DEFAULT_REPAIR_ATTEMPTS,
      approval: config.approval,
      sealer: new ApprovalSealer(config.approvalSecret),
      clock,
      output: config.output,
      toolErrors: config.toolErrors,
    };
  }

  /** The model provider. */
  get provider(): ChatProvider {
    return this.config.provider;
  }

  /** The tools offered to the model (a `ToolSet`'s as they stand: an MCP server's list may change). */
  get tools(): readonly ToolDefinition[] {
    return this.settings.tools.list;
  }

  /**
   * One turn: asks the model, runs the tool loop, validates structured output, and appends the
   * turn to `conversation` (a `Messages`; a plain array or a string is copied, not changed).
   * Resolves `paused` when gated tool calls wait for approval; call again after approving.
   */
  async complete(conversation: ConversationInput, options: CallOptions = {}): Promise<ChatResponse<T>> {
    const observation = observeRun(this.config.observers, this.settings, 'complete', options); // issue 22; before the conversation is opened: a throwing observer leaves it free
    const target = ConversationTarget.open(conversation);
    // only the caller can abort a complete(): its signal is the run's signal
    const signal = options.signal ?? NEVER_ABORTED;
    const runner = new TurnRunner<T>(observedSettings(this.settings, this.seam, observation), { history: target.history, tail: target.tail, call: options, mode: 'complete', signal, emit: noop });
    let outcome: TurnOutcome<T>;
    try {
      outcome = await (observation?.within ? observation.within(() => runner.run()) : runner.run());
    } catch (error) {
      const failure = writeInterrupted(runner, target, error, this.settings.provider.id);
      observation?.end?.({ status: 'interrupted', usage: runner.usage, messages: failure.written, error: failure.error }); // observers (issue 22)
      await notifyFinish([this.config.onFinish, options.onFinish], { status: 'interrupted', usage: runner.usage, messages: failure.written, error: failure.error }, false);
      throw failure.error;
    }
    observation?.end?.({ status: outcome.status, usage: outcome.usage, messages: outcome.messages, finishReason: outcome.finishReason }); // observers (issue 22)
    target.write(outcome.messages, outcome.redoFrom);
    target.close();
    if (this.config.onFinish || options.onFinish) {
      await notifyFinish([this.config.onFinish, options.onFinish], { status: outcome.status, usage: outcome.usage, messages: outcome.messages, finishReason: outcome.finishReason }, true);
    }
    return { ...toChatResponse(outcome, this.settings.output !== undefined), ...costField(observation) };
  }

  /**
   * One turn, streamed: a cold Observable (each subscription runs its own turn; unsubscribing aborts
   * the model request and the tools). Emits the model's events, `tool-result`s, `partial-output`s,
   * `paused`, then exactly one `finish`. A cut stream leaves its partial turn on the conversation,
   * `interrupted`; a re-subscription (`retry()`) redoes that turn instead of adding one.
   *
   * With `input`, user input pushed while the turn runs interrupts the generation and restarts it
   * with the input merged (see {@link StreamCallOptions.input}); `chat.session()` wraps this in a
   * handle with `send()` and `cancel()`.
   *
   * @example
   * const input$ = new Subject<string>();
   * chat.stream(messages, { input: input$ }).subscribe((e) => e.type === 'text-delta' && process.stdout.write(e.delta));
   * input$.next('Actually, answer in French.'); // cuts the answer, restarts it with this input
   */
  stream(conversation: ConversationInput, options: StreamCallOptions = {}): Observable<StreamEvent<T>> {
    const tracker = new TurnTracker();
    return new Observable<StreamEvent<T>>((subscriber) => {
      const observation = observeRun(this.config.observers, this.settings, 'stream', options); // issue 22; before the conversation is opened
      const target = ConversationTarget.open(conversation, tracker);
      const link = linkedController(options.signal);
      let state: 'running' | 'written' | 'done' = 'running';
      const emit = (event: StreamEvent<T>): void => {
        if (state === 'running') subscriber.next(event);
      };
      const inbox = options.input ? new InputInbox({ clock: this.settings.clock, provider: this.settings.provider.id, emit }, options.inputHandling) : undefined;
      const runner = new TurnRunner<T>(observedSettings(this.settings, this.seam, observation), { history: target.history, tail: target.tail, call: options, mode: 'stream', signal: link.signal, emit, inbox });
      const fail = (error: unknown): void => {
        const failure = writeInterrupted(runner, target, error, this.settings.provider.id);
        observation?.end?.({ status: 'interrupted', usage: runner.usage, messages: failure.written, error: failure.error }); // observers (issue 22)
        link.dispose();
        void notifyFinish([this.config.onFinish, options.onFinish], { status: 'interrupted', usage: runner.usage, messages: failure.written, error: failure.error }, false);
        if (!subscriber.closed) subscriber.error(failure.error);
      };
      if (inbox) inbox.listen(options.input!, (error) => link.controller.abort(error));
      (observation?.within ? observation.within(() => runner.run()) : runner.run()).then(
        async (outcome) => {
          if (state !== 'running') return;
          state = 'written';
          observation?.end?.({ status: outcome.status, usage: outcome.usage, messages: outcome.messages, finishReason: outcome.finishReason }); // observers (issue 22)
          target.write(outcome.messages, outcome.redoFrom);
          target.close();
          link.dispose();
          try {
            await notifyFinish([this.config.onFinish, options.onFinish], { status: outcome.status, usage: outcome.usage, messages: outcome.messages, finishReason: outcome.finishReason }, true);
          } catch (error) {
            state = 'done';
            return subscriber.error(error);
          }
          state = 'done';
          for (const event of finishEvents(outcome, this.settings.output !== undefined, costField(observation))) subscriber.next(event); // cost: observers (issue 22)
          subscriber.complete();
        },
        (error: unknown) => {
          if (state !== 'running') return;
          state = 'done';
          fail(error);
        },
      );
      return () => {
        if (state !== 'running') return;
        state = 'done';
        link.controller.abort(new AbortedError('The stream was unsubscribed', { provider: this.settings.provider.id }));
        fail(link.signal.reason);
      };
    });
  }

  /**
   * A duplex handle over a conversation: `events$` streams every turn, `send()` pushes user input
   * (it interrupts and restarts a running turn, starts a turn when idle, and is queued behind a
   * turn paused for approval), `resume()` continues after approvals, `end()` lets the running turn
   * finish and completes, `cancel()` stops everything.
   *
   * @example
   * const session = chat.session(messages);
   * session.events$.pipe(textDeltas()).subscribe((t) => process.stdout.write(t));
   * session.send('Plan a weekend in Rome.');
   * session.send('Actually, make it Naples.'); // cuts the answer, restarts with both inputs
   */
  session(conversation: ConversationInput, options: SessionOptions = {}): ChatSession<T> {
    return new ChatSession<T>(this, conversation, options);
  }

  /**
   * Embeds texts with the provider's embedding model: batches of its size, bounded concurrency,
   * vectors in input order, usage summed. Does not compile when the provider is known to have no
   * embeddings (see `EmbeddingSupport`).
   *
   * @example
   * const { vectors, dimensions } = await chat.embed(['first text', 'second text'], { dimensions: 256 });
   */
  embed(this: EmbedCheck<E, Chat<T, E>>, texts: readonly string[], options: EmbedCallOptions = {}): Promise<EmbeddingResponse> {
    const self = this as unknown as Chat<T, E>;
    return embedInBatches(self.embeddingCaller, self.config.provider, texts, options, self.config.embeddingConcurrency ?? DEFAULT_EMBEDDING_CONCURRENCY);
  }

  /**
   * Runs many conversations through the provider's batch API (Claude Message Batches, Gemini batch
   * mode, OpenAI Batch on Chat Completions providers): one model
   * request each, no tool loop; submitted at once, polled with growing waits. `results` resolves in
   * request order with a `ChatResponse` or a typed error per request; `progress$` reports each poll.
   *
   * @example
   * const run = chat.batch(['Translate: hello', 'Translate: goodbye'], { pollIntervalMs: 10_000 });
   * run.progress$.subscribe((p) => console.log(p.status, p.counts.succeeded, '/', p.total));
   * for (const r of await run.results) console.log(r.ok ? r.response.text : r.error.message);
   */
  batch(conversations: readonly ConversationInput[], options: BatchOptions = {}): ChatBatch<T> {
    // issue 25: a thin delegate; the batch flow lives in batch.runner.ts
    return runBatch<T>(this.config.provider, this.settings as RunSettings<unknown>, conversations, options);
  }

  /**
   * Counts the input tokens the next model request of `conversation` would use (system prompt,
   * tools and output schema included), without sending it: exact on providers with a counting
   * endpoint (Claude, Gemini), a local estimate elsewhere (`TokenCount.exact` says which).
   *
   * @example
   * const { inputTokens, exact } = await chat.countTokens(Messages.fromUser('Summarise this report...'));
   */
  countTokens(conversation: ConversationInput, options: CallOptions = {}): Promise<TokenCount> {
    // issue 25: a thin delegate; the counting lives in token-counter.ts
    return countConversationTokens(this.config.provider, this.settings as RunSettings<unknown>, conversation, options);
  }

  /** Releases what the chat's tool sets hold (e.g. a Python host). The provider is not disposed: it may be shared. */
  async dispose(): Promise<void> {
    await Promise.all((this.config.toolSets ?? []).map((s) => s.dispose?.()));
  }
}
