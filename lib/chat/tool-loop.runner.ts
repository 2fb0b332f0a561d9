import type { ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { FinishReason } from '../core/finish-reason.types';
import type { Message, ResponseMetadata } from '../core/message.types';
import type { ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent, StreamEvent } from '../core/stream-event.types';
import type { Usage } from '../core/usage.types';
import { addUsage, emptyUsage } from '../core/usage.helpers';
import { MaxStepsExceededError } from '../errors/max-steps-exceeded.error';
import { OutputValidationError } from '../errors/output-validation.error';
import { throwIfAborted } from './abort.helpers';
import { conversationDigest } from './approval-seal';
import { decide, earliestResume } from './approval';
import type { CallOptions } from './chat.types';
import type { RunSettings } from './run-settings';
import { PartialStep } from './partial-step';
import { consumeStep } from './step.consumer';
import { checkOutput, PartialOutputTracker, repairMessage, responseFormatOf } from './structured-output';
import { checkArguments, errorResult, executeTool } from './tool-executor';
import { closeUnanswered, isRunnableCall, placeResults, textOf, uniqueCallId } from './turn.helpers';
import { mapConcurrent } from './bounded-concurrency';
import type { ToolDefinition } from '../core/tool.types';

/** How one call of `complete()` / `stream()` ended, before it is written back. */
export interface TurnOutcome<T> {
  readonly status: 'completed' | 'paused';
  /** The turn to write back (it replaces the paused tail it resumed, if any). */
  readonly messages: Message[];
  /** Index in `messages` from which a re-subscription redoes the turn. */
  readonly redoFrom: number;
  /** The last assistant message. */
  readonly message: Message;
  readonly output?: T;
  readonly usage: Usage;
  readonly finishReason: FinishReason;
  readonly metadata: ResponseMetadata;
  /** Calls waiting for approval or for their `resumeAt`. */
  readonly pending: ToolCallPart[];
  readonly resumeAt?: number;
  readonly toolResults: ToolResultPart[];
}

/** What a cut-short run leaves on the conversation. */
export interface InterruptedTurn {
  readonly messages: Message[];
  readonly redoFrom: number;
}

/** One run's inputs besides the chat's settings. */
export interface RunInput<T> {
  /** Copies of the conversation before the turn. */
  readonly history: readonly Message[];
  /** Copies of a paused turn to resume (empty for a new turn). */
  readonly tail: readonly Message[];
  readonly call: CallOptions;
  readonly mode: 'complete' | 'stream';
  readonly signal: AbortSignal;
  /** Receives stream events (a no-op for `complete()`). */
  readonly emit: (event: StreamEvent<T>) => void;
}

interface Runnable {
  readonly call: ToolCallPart;
  readonly tool: ToolDefinition;
  readonly value: unknown;
}

/**
 * The run loop of one call: model request, tool calls (gated, validated, run concurrently),
 * results, next request... until a final answer (validated and repaired when structured), a
 * pause for approval, `maxSteps`, or an error. Holds the turn so far, so a cut run can be written
 * back as an interrupted turn. One instance per call; the `Chat` itself stays stateless.
 */
export class TurnRunner<T> {
  private readonly produced: Message[] = [];
  /** A structured-output repair exchange, kept off the conversation unless tool calls follow it. */
  private scratch: Message[] = [];
  private usageSoFar: Usage = emptyUsage();
  private steps = 0;
  private requests = 0;
  private inflight?: PartialStep;
  private readonly partialOutput?: PartialOutputTracker;
  private readonly results: ToolResultPart[] = [];
  private lastResponse?: ProviderResponse;
  private interruptedTurn?: InterruptedTurn;
  /** The assistant message whose calls are being handled, and their results so far. */
  private stepMessage?: Message;
  private stepResults = new Map<string, ToolResultPart>();

  constructor(
    private readonly settings: RunSettings<T>,
    private readonly input: RunInput<T>,
  ) {
    if (settings.output && input.mode === 'stream') {
      this.partialOutput = new PartialOutputTracker((partial) => input.emit({ type: 'partial-output', partial }));
    }
  }

  /** Tokens spent so far, the request in flight included as far as it reported. */
  get usage(): Usage {
    return this.inflight?.usage ? addUsage(this.usageSoFar, this.inflight.usage) : this.usageSoFar;
  }

  async run(): Promise<TurnOutcome<T>> {
    throwIfAborted(this.input.signal, this.settings.provider.id);
    if (this.input.tail.length > 0) {
      const waiting = await this.resume();
      if (waiting.length > 0) return this.paused(this.produced[0], waiting);
    }
    let repairsLeft = this.settings.repairAttempts;
    for (;;) {
      const response = await this.requestModel(this.scratch.length > 0);
      const message = this.assistantMessage(response);
      const calls = message.parts.filter(isRunnableCall);
      if (calls.length === 0) {
        const spec = this.settings.output;
        if (!spec) return this.completed(message, undefined);
        const text = textOf(message);
        const check = await checkOutput(spec, text);
        if (check.ok) return this.completed(message, check.value);
        if (repairsLeft > 0) {
          repairsLeft--;
          this.scratch.push(message, repairMessage(spec, check.message));
          continue;
        }
        const attempts = this.settings.repairAttempts + 1;
        throw new OutputValidationError(`The structured output "${spec.name}" was still invalid after ${attempts} attempt(s): ${check.message}`, text, check.errors, attempts, {
          provider: this.settings.provider.id,
          usage: this.usage,
        });
      }
      this.produced.push(...this.scratch, message);
      this.scratch = [];
      const waiting = await this.handleCalls(message, calls);
      if (waiting.length > 0) return this.paused(message, waiting);
      if (this.steps >= this.settings.maxSteps) {
        const turn = this.interrupted();
        throw new MaxStepsExceededError(this.settings.maxSteps, turn.messages, { provider: this.settings.provider.id, usage: this.usage });
      }
    }
  }

  /** The turn so far, closed for the conversation: unanswered calls get `aborted` results, the last assistant message is `interrupted`. Computed once. */
  interrupted(): InterruptedTurn {
    if (this.interruptedTurn) return this.interruptedTurn;
    this.flushStep();
    const messages = [...this.produced];
    closeUnanswered(messages);
    const redoFrom = messages.length;
    const partial = this.inflight?.toMessage(this.metadata());
    if (partial) messages.push(partial);
    closeUnanswered(messages);
    const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant');
    if (lastAssistant) lastAssistant.status = 'interrupted';
    this.interruptedTurn = { messages, redoFrom };
    return this.interruptedTurn;
  }

  private metadata(): ResponseMetadata {
    return this.lastResponse?.metadata ?? { model: this.settings.provider.model, provider: this.settings.provider.id };
  }

  private completed(message: Message, output: T | undefined): TurnOutcome<T> {
    this.produced.push(message);
    this.scratch = [];
    const response = this.lastResponse as ProviderResponse;
    return {
      status: 'completed',
      messages: this.produced,
      redoFrom: this.produced.length - 1,
      message,
      output,
      usage: this.usageSoFar,
      finishReason: response.finishReason,
      metadata: response.metadata,
      pending: [],
      toolResults: this.results,
    };
  }

  private paused(message: Message, waiting: ToolCallPart[]): TurnOutcome<T> {
    message.status = 'paused';
    return {
      status: 'paused',
      messages: this.produced,
      redoFrom: this.produced.length,
      message,
      usage: this.usageSoFar,
      finishReason: message.finishReason ?? { unified: 'tool-calls' },
      metadata: message.metadata ?? this.metadata(),
      pending: waiting,
      resumeAt: earliestResume(waiting),
      toolResults: this.results,
    };
  }

  private buildRequest(): ProviderRequest {
    const { call, signal } = this.input;
    const s = this.settings;
    const options = s.options || call.options ? { ...s.options, ...call.options } : undefined;
    const first = this.requests === 1;
    const toolChoice = first || call.toolChoice === 'none' ? call.toolChoice : undefined;
    return {
      messages: [...this.input.history, ...this.produced, ...this.scratch],
      signal,
      ...(s.system !== undefined ? { system: s.system } : {}),
      ...(s.tools.size > 0 ? { tools: s.tools.specs } : {}),
      ...(toolChoice !== undefined && s.tools.size > 0 ? { toolChoice } : {}),
      ...(s.output ? { responseFormat: responseFormatOf(s.output) } : {}),
      ...(options ? { options } : {}),
      ...(call.providerOptions ? { providerOptions: call.providerOptions } : {}),
      ...(call.headers ? { headers: call.headers } : {}),
      ...(call.timeout !== undefined ? { timeout: call.timeout } : {}),
      ...(call.idleTimeout !== undefined ? { idleTimeout: call.idleTimeout } : {}),
    };
  }

  private async requestModel(repair: boolean): Promise<ProviderResponse> {
    if (!repair) this.steps++;
    this.requests++;
    const request = this.buildRequest();
    this.inflight = new PartialStep();
    this.partialOutput?.reset();
    const source = this.settings.caller(request, { mode: this.input.mode, step: this.requests, attempt: 1, repair });
    const response = await consumeStep(source, this.input.signal, (event) => this.onModelEvent(event), this.settings.provider.id);
    this.inflight = undefined;
    this.usageSoFar = addUsage(this.usageSoFar, response.usage);
    this.lastResponse = response;
    return response;
  }

  private onModelEvent(event: ModelStreamEvent): void {
    this.inflight?.apply(event);
    this.input.emit(event);
    if (event.type === 'text-delta') this.partialOutput?.append(event.delta);
    else if (event.type === 'provider-fallback' && event.mode === 'restart') this.partialOutput?.reset();
  }

  /** The model's answer as a conversation message; its calls get fresh, unique ids and no approval state. */
  private assistantMessage(response: ProviderResponse): Message {
    const parts = structuredClone(response.parts);
    const taken = new Set<string>();
    for (const m of [...this.input.history, ...this.produced, ...this.scratch]) {
      for (const p of m.parts) if (p.type === 'tool-call') taken.add(p.id);
    }
    const renamed = parts.map((part) => {
      if (!isRunnableCall(part)) return part;
      const id = uniqueCallId(part.id, taken);
      taken.add(id);
      const { approval: _ignored, ...rest } = part;
      return { ...rest, id, status: 'pending' as const };
    });
    return { role: 'assistant', parts: renamed, status: 'completed', metadata: response.metadata, usage: response.usage, finishReason: response.finishReason };
  }

  private beginStep(message: Message): void {
    this.stepMessage = message;
    this.stepResults = new Map();
  }

  private addResult(result: ToolResultPart): void {
    this.stepResults.set(result.callId, result);
    this.results.push(result);
    this.input.emit({ type: 'tool-result', result });
  }

  /** Puts the current step's results on the turn (after its assistant message). */
  private flushStep(): void {
    if (!this.stepMessage) return;
    placeResults(this.produced, this.stepMessage, [...this.stepResults.values()]);
    this.stepMessage = undefined;
    this.stepResults = new Map();
  }

  private env(): { context: unknown; messages: readonly Message[]; clock: RunSettings<T>['clock'] } {
    return { context: this.input.call.context, messages: [...this.input.history, ...this.produced], clock: this.settings.clock };
  }

  /** Validates and gates one call as if the model had just made it. */
  private async gate(call: ToolCallPart, prefix: () => string, runnable: Runnable[], waiting: ToolCallPart[]): Promise<void> {
    const tool = this.settings.tools.get(call.name);
    const check = await checkArguments(call, tool, () => this.settings.tools.names());
    if (!check.ok || !tool) {
      call.status = 'failed';
      if (!check.ok) this.addResult(check.result);
      return;
    }
    const decision = await decide(call, tool, this.settings.approval, this.env());
    switch (decision.action) {
      case 'execute':
        runnable.push({ call, tool, value: check.value });
        return;
      case 'reject':
        call.status = 'rejected';
        call.approval = { reason: decision.reason };
        this.addResult(errorResult(call, 'rejected', `The call was rejected: ${decision.reason}`));
        return;
      case 'pending':
        call.status = 'pending';
        call.approval = { seal: this.settings.sealer.seal(call, prefix(), true) };
        waiting.push(call);
        return;
      case 'deferred':
        call.status = 'deferred';
        call.approval = { resumeAt: decision.until };
        call.approval.seal = this.settings.sealer.seal(call, prefix(), decision.human, decision.until);
        waiting.push(call);
        return;
    }
  }

  private async handleCalls(message: Message, calls: ToolCallPart[]): Promise<ToolCallPart[]> {
    this.beginStep(message);
    let digest: string | undefined;
    const prefix = (): string => (digest ??= conversationDigest([...this.input.history, ...this.produced.slice(0, this.produced.indexOf(message))]));
    const runnable: Runnable[] = [];
    const waiting: ToolCallPart[] = [];
    for (const call of calls) await this.gate(call, prefix, runnable, waiting);
    await this.execute(runnable);
    return waiting;
  }

  /** Resumes a paused turn: verified approvals run, rejections answer, the rest keeps waiting. */
  private async resume(): Promise<ToolCallPart[]> {
    const tail = structuredClone(this.input.tail) as Message[];
    this.produced.push(...tail);
    const paused = tail[0];
    this.beginStep(paused);
    const answered = new Set(tail.flatMap((m) => m.parts.flatMap((p) => (p.type === 'tool-result' ? [p.callId] : []))));
    let digest: string | undefined;
    const prefix = (): string => (digest ??= conversationDigest(this.input.history));
    const runnable: Runnable[] = [];
    const waiting: ToolCallPart[] = [];
    const now = this.settings.clock.now();
    for (const call of paused.parts.filter(isRunnableCall)) {
      if (answered.has(call.id)) continue;
      const tool = this.settings.tools.get(call.name);
      if (call.status === 'rejected') {
        this.addResult(errorResult(call, 'rejected', `The user rejected this call: ${call.approval?.reason ?? 'no reason given'}`));
        continue;
      }
      const seal = this.settings.sealer.verify(call, prefix());
      if (!tool || !seal.valid) {
        await this.gate(call, prefix, runnable, waiting);
        continue;
      }
      const resumeAt = call.approval?.resumeAt;
      const due = resumeAt === undefined || now >= resumeAt;
      const mayRun = call.status === 'approved' || (call.status === 'deferred' && !seal.human);
      if (due && mayRun) {
        const edited = call.status === 'approved' ? call.approval?.editedArguments : undefined;
        const check = await checkArguments(call, tool, () => this.settings.tools.names(), edited ?? call.arguments);
        if (check.ok) runnable.push({ call, tool, value: check.value });
        else (call.status = 'failed'), this.addResult(check.result);
      } else if (call.status === 'pending' || call.status === 'approved' || call.status === 'deferred') {
        if (due && call.status === 'deferred') call.status = 'pending';
        waiting.push(call);
      } else {
        call.status = 'failed';
        this.addResult(errorResult(call, 'aborted', `"${call.name}" was interrupted before its result was recorded; it was not run again`));
      }
    }
    await this.execute(runnable);
    if (waiting.length === 0) paused.status = 'completed';
    return waiting;
  }

  /** Runs validated calls with the concurrency limit, then places the step's results. */
  private async execute(runnable: Runnable[]): Promise<void> {
    const env = { context: this.input.call.context, signal: this.input.signal, messages: () => [...this.input.history, ...this.produced] };
    await mapConcurrent(runnable, this.settings.toolConcurrency, async ({ call, tool, value }) => {
      throwIfAborted(this.input.signal, this.settings.provider.id);
      this.addResult(await executeTool(call, tool, value, env));
    });
    throwIfAborted(this.input.signal, this.settings.provider.id);
    this.flushStep();
  }
}
