import type { ChatHistoryItem, LlamaChat, LlamaChatResponseChunk, LlamaChatResponseFunctionCallParamsChunk, LLamaChatGenerateResponseOptions, ChatModelFunctions, LlamaGrammar } from 'node-llama-cpp';
import type { Clock } from '../../core/clock.types';
import type { ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { Usage } from '../../core/usage.types';
import { systemClock } from '../../core/system.clock';
import { AbortedError } from '../../errors/aborted.error';
import { ConfigurationError } from '../../errors/configuration.error';
import { ContextLengthExceededError } from '../../errors/context-length-exceeded.error';
import { TimeoutError } from '../../errors/timeout.error';
import { toChatError } from './llama-cpp-error.mapper';
import { LLAMA_CPP_PROVIDER } from './llama-cpp-history.mapper';
import { planGeneration, type GenerationPlan } from './llama-cpp-request.mapper';
import { newToolCallId, toProviderResponse, type LlamaGenerationResult } from './llama-cpp-response.mapper';
import type { LlamaCppRuntime } from './llama-cpp.runtime';

/** Receives what the model produces while it generates (streaming). */
export interface GenerationListener {
  text(delta: string): void;
  reasoning(delta: string): void;
  toolCallStart(id: string, name: string): void;
  toolCallDelta(id: string, delta: string): void;
  warning(message: string): void;
}

type Options = LLamaChatGenerateResponseOptions<ChatModelFunctions>;
type BaseOptions = Omit<Options, 'grammar' | 'functions' | 'onFunctionCall' | 'onFunctionCallParamsChunk' | 'documentFunctionParams' | 'maxParallelFunctionCalls'>;

/** Forwards text and thought chunks to a listener. */
function onText(listener: GenerationListener | undefined): (chunk: LlamaChatResponseChunk) => void {
  return (chunk) => {
    if (!chunk.text) return;
    if (chunk.type === undefined) listener?.text(chunk.text);
    else listener?.reasoning(chunk.text);
  };
}

/** Forwards function-call argument chunks; tool-call ids are assigned per call index. */
function onCallChunk(listener: GenerationListener | undefined, ids: string[]): (chunk: LlamaChatResponseFunctionCallParamsChunk) => void {
  return (chunk) => {
    let id = ids[chunk.callIndex];
    if (id === undefined) {
      id = ids[chunk.callIndex] = newToolCallId();
      listener?.toolCallStart(id, chunk.functionName);
    }
    if (chunk.paramsChunk) listener?.toolCallDelta(id, chunk.paramsChunk);
  };
}

function promptTokens(chat: LlamaChat, history: ChatHistoryItem[], plan: GenerationPlan): number {
  const chatHistory = history[history.length - 1]?.type === 'model' ? history : [...history, { type: 'model' as const, response: [] }];
  const state = chat.chatWrapper.generateContextState({ chatHistory, availableFunctions: plan.functions });
  return state.contextText.tokenize(chat.model.tokenizer).length;
}

/**
 * Tools and a response schema together: node-llama-cpp cannot apply a grammar while functions are
 * offered, so the model first gets the functions; as soon as it starts writing text instead of a
 * call, that attempt is stopped and the answer is generated again under the JSON grammar.
 */
async function generateWithToolsThenGrammar(
  chat: LlamaChat,
  plan: GenerationPlan,
  grammar: LlamaGrammar,
  base: BaseOptions,
  signal: AbortSignal,
  listener: GenerationListener | undefined,
  ids: string[],
): Promise<LlamaGenerationResult> {
  const probe = new AbortController();
  const onAbort = (): void => probe.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const held: Array<() => void> = [];
  const buffered: GenerationListener = {
    text: () => probe.abort(),
    reasoning: (delta) => held.push(() => listener?.reasoning(delta)),
    toolCallStart: (id, name) => held.push(() => listener?.toolCallStart(id, name)),
    toolCallDelta: (id, delta) => held.push(() => listener?.toolCallDelta(id, delta)),
    warning: (message) => listener?.warning(message),
  };
  try {
    const first = await chat.generateResponse(plan.history, {
      ...base,
      functions: plan.functions,
      signal: probe.signal,
      stopOnAbortSignal: true,
      onResponseChunk: onText(buffered),
      onFunctionCallParamsChunk: onCallChunk(buffered, ids),
    });
    if (signal.aborted) throw signal.reason;
    if (first.functionCalls?.length) {
      held.forEach((emit) => emit());
      return first;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  ids.length = 0;
  return chat.generateResponse(plan.history, { ...base, grammar, signal, onResponseChunk: onText(listener) });
}

/**
 * Runs one request on a free context sequence (waiting in the model's queue if all are busy):
 * maps the request, generates with node-llama-cpp (functions stop at the calls; nothing is
 * executed here), counts usage with the tokenizer, and frees the sequence however it ends.
 */
export async function runGeneration(
  runtime: LlamaCppRuntime,
  request: ProviderRequest,
  options: { listener?: GenerationListener; signal?: AbortSignal; clock?: Clock } = {},
): Promise<ProviderResponse> {
  const { listener } = options;
  const controller = new AbortController();
  const abortWith = (reason: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onCallerAbort = (): void => abortWith(new AbortedError('llama-cpp request aborted', { provider: LLAMA_CPP_PROVIDER }));
  for (const signal of [request.signal, options.signal]) {
    if (signal?.aborted) onCallerAbort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
  }
  const cancelTimer = request.timeout
    ? (options.clock ?? systemClock).setTimer(
        () => abortWith(new TimeoutError(`llama-cpp request took longer than ${request.timeout} ms`, { provider: LLAMA_CPP_PROVIDER })),
        request.timeout,
      )
    : undefined;

  const work = (async (): Promise<ProviderResponse> => {
    if (runtime.disposed) throw new ConfigurationError('llama-cpp: the model was disposed', { provider: LLAMA_CPP_PROVIDER, code: 'disposed' });
    const plan = planGeneration(request, { seed: runtime.options.seed, maxTokens: runtime.options.maxTokens ?? runtime.contextSize });
    plan.warnings.forEach((message) => listener?.warning(message));
    const grammar = plan.grammarSchema ? await runtime.grammarFor(plan.grammarSchema) : undefined;
    const lease = await runtime.pool.acquire(controller.signal);
    try {
      let chat = lease.item.chat;
      if (plan.forceCall) {
        const forced = lease.item.forced();
        if (forced) chat = forced;
        else listener?.warning('llama-cpp: this chat format cannot force a tool call; the model may answer in text');
      }
      const meter = chat.sequence.tokenMeter;
      const before = { output: meter.usedOutputTokens };
      const inputTokens = promptTokens(chat, plan.history, plan);
      if (inputTokens >= runtime.contextSize) {
        throw new ContextLengthExceededError(
          `llama-cpp: the prompt takes ${inputTokens} tokens but the context holds ${runtime.contextSize}; shorten the conversation or raise withContextSize()`,
          { provider: LLAMA_CPP_PROVIDER },
        );
      }
      // with no cap given, generate at most what still fits the context (no silent context shift)
      if (request.options?.maxTokens === undefined && runtime.options.maxTokens === undefined) {
        plan.sampling.maxTokens = runtime.contextSize - inputTokens;
      }
      const ids: string[] = [];
      const base: BaseOptions = { ...(plan.sampling as BaseOptions), signal: controller.signal, stopOnAbortSignal: false };
      let result: LlamaGenerationResult;
      if (grammar && plan.functions && chat === lease.item.chat) {
        result = await generateWithToolsThenGrammar(chat, plan, grammar, base, controller.signal, listener, ids);
      } else if (grammar && !plan.functions) {
        result = await chat.generateResponse(plan.history, { ...base, grammar, onResponseChunk: onText(listener) });
      } else {
        result = await chat.generateResponse(plan.history, {
          ...base,
          functions: plan.functions,
          onResponseChunk: onText(listener),
          onFunctionCallParamsChunk: onCallChunk(listener, ids),
        });
      }
      const outputTokens = meter.usedOutputTokens - before.output;
      const usage: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
      return toProviderResponse(result, { model: runtime.name, usage, callIds: ids });
    } finally {
      lease.release();
    }
  })();

  runtime.track(abortWith, work);
  try {
    return await work;
  } catch (error) {
    throw controller.signal.aborted ? toChatError(controller.signal.reason) : toChatError(error);
  } finally {
    cancelTimer?.();
    for (const signal of [request.signal, options.signal]) signal?.removeEventListener('abort', onCallerAbort);
  }
}
