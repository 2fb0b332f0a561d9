import type { Observable } from 'rxjs';
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
import { earliestResume } from './approval';
import type { CallOptions } from './chat.types';
import { PartialStep } from './partial-step';
import { buildProviderRequest } from './request.builder';
import type { RunSettings } from './run-settings';
import { consumeStep } from './step.consumer';
import { checkOutput, PartialOutputTracker, repairMessage } from './structured-output';
import { ToolStep, type StepHost } from './tool-step';
import { isRunnableCall, isWaiting, textOf, toAssistantMessage } from './turn.helpers';
import { closeUnanswered, releaseQueuedInput, replaceIn, withMessageStatus } from './turn.machine';
import type { InputInbox } from './input/input-inbox';
import type { GenerationGate } from './input/generation-gate';
import { SteeringState } from './input/steering-state';
import { inputMessage } from './input/user-input';
import { keepAnswer, keepCutGeneration, mergeInput, type TurnSoFar } from './input/input-turn';

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
  /** Non-fatal problems of this call (the `warning` events it emitted). */
  readonly warnings: string[];
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
  /** Input streaming: user input pushed while the run works (`stream()` with `input`). */
  readonly inbox?: InputInbox;
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
  /** Model requests answered (a request cut by input is not). */
  private answered = 0;
  /** EXPERIMENTAL native steering (only when asked for). */
  private readonly steering?: SteeringState;
  private inflight?: PartialStep;
  private readonly partialOutput?: PartialOutputTracker;
  /** Created by the first tool result / warning (most turns have none). */
  private results?: ToolResultPart[];
  private warnings?: string[];
  private lastResponse?: ProviderResponse;
  private interruptedTurn?: InterruptedTurn;
  /** The tool calls being handled. */
  private step?: ToolStep;

  constructor(
    private readonly settings: RunSettings<T>,
    private readonly input: RunInput<T>,
  ) {
    if (settings.output && input.mode === 'stream') {
      this.partialOutput = new PartialOutputTracker((partial) => input.emit({ type: 'partial-output', partial }));
    }
    if (input.inbox?.nativeSteering) this.steering = new SteeringState(input.inbox);
  }

  /** Tokens spent so far, the request in flight included as far as it reported. */
  get usage(): Usage {
    return this.inflight?.usage ? addUsage(this.usageSoFar, this.inflight.usage) : this.usageSoFar;
  }

  async run(): Promise<TurnOutcome<T>> {
    throwIfAborted(this.input.signal, this.settings.provider.id);
    if (this.input.tail.length > 0) {
      const waiting = await this.resume();
      if (waiting.length > 0) return this.paused(this.step!.message, waiting);
    }
    let repairsLeft = this.settings.repairAttempts;
    for (;;) {
      if (this.input.inbox && (await this.mergeInput())) repairsLeft = this.settings.repairAttempts;
      const response = await this.requestModel(this.scratch.length > 0);
      if (!response) continue; // cut by new input: merged at the top of the loop
      const message = toAssistantMessage(response, [...this.input.history, ...this.produced, ...this.scratch]);
      const calls = message.parts.filter(isRunnableCall);
      if (this.steering?.place(message, calls.length > 0, this.turnSoFar())) continue;
      if (calls.length === 0) {
        const spec = this.settings.output;
        const text = textOf(message);
        const check = spec ? await checkOutput(spec, text) : undefined;
        if (this.input.inbox?.hasPending) {
          keepAnswer(message, this.turnSoFar()); // new input arrived as the answer ended: it is answered next
          continue;
        }
        if (!spec || !check) return this.completed(message, undefined);
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
      const before = [...this.input.history, ...this.produced.slice(0, -1)];
      const step = this.newStep(message, () => before);
      const waiting = await step.runNew(calls);
      if (waiting.length > 0) return this.paused(step.message, waiting);
      if (this.steps >= this.settings.maxSteps) {
        const turn = this.interrupted();
        throw new MaxStepsExceededError(this.settings.maxSteps, turn.messages, { provider: this.settings.provider.id, usage: this.usage });
      }
    }
  }

  /**
   * The turn so far, closed for the conversation: calls that started without finishing get
   * `aborted` results; the last assistant message is `interrupted` (or stays `paused` when some of
   * its calls still wait for a decision). Computed once.
   */
  interrupted(): InterruptedTurn {
    if (this.interruptedTurn) return this.interruptedTurn;
    this.step?.place();
    const messages = [...this.produced];
    closeUnanswered(messages);
    const redoFrom = messages.length;
    const partial = this.inflight?.toMessage(this.metadata());
    if (partial) messages.push(partial);
    closeUnanswered(messages);
    const last = [...messages].reverse().find((m) => m.role === 'assistant');
    // calls still waiting for a decision keep their message paused, so the next call resumes it
    const lastAssistant = last && withMessageStatus(last, last.parts.filter(isRunnableCall).some(isWaiting) ? 'paused' : 'interrupted');
    if (last && lastAssistant) replaceIn(messages, last, lastAssistant);
    // accepted input is kept (queued behind a pause); a re-subscription answers it instead of redoing the turn
    const unmerged = [...(this.steering?.unmerged ?? []), ...(this.input.inbox?.close() ?? [])];
    messages.push(...unmerged.map((parts) => inputMessage(parts, lastAssistant?.status === 'paused')));
    this.interruptedTurn = { messages, redoFrom: unmerged.length > 0 ? messages.length : redoFrom };
    return this.interruptedTurn;
  }

  private metadata(): ResponseMetadata {
    return this.lastResponse?.metadata ?? { model: this.settings.provider.model, provider: this.settings.provider.id };
  }

  private completed(message: Message, output: T | undefined): TurnOutcome<T> {
    this.input.inbox?.close();
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
      toolResults: this.results ?? [],
      warnings: this.warnings ?? [],
    };
  }

  private paused(waitingOn: Message, waiting: ToolCallPart[]): TurnOutcome<T> {
    const message = withMessageStatus(waitingOn, 'paused');
    replaceIn(this.produced, waitingOn, message);
    // input that arrived meanwhile waits behind the pause: it never decides the calls
    for (const parts of this.input.inbox?.close() ?? []) this.produced.push(inputMessage(parts, true));
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
      toolResults: this.results ?? [],
      warnings: this.warnings ?? [],
    };
  }

  /** One model request; `undefined` when new input cut it (its partial turn is kept, see `keepCutGeneration`). */
  private requestModel(repair: boolean): Promise<ProviderResponse | undefined> {
    const inbox = this.input.inbox;
    if (inbox?.hasPending) return Promise.resolve(undefined); // input arrived since the last merge: merge it first
    if (!repair) this.steps++;
    this.requests++;
    const messages = [...this.input.history, ...this.produced, ...this.scratch];
    const gate = inbox?.openGeneration(this.input.signal);
    const signal = gate?.signal ?? this.input.signal;
    const request = buildProviderRequest(this.settings as RunSettings<unknown>, this.input.call, messages, signal, this.answered === 0);
    this.inflight = new PartialStep();
    this.partialOutput?.reset();
    const answer = consumeStep(this.modelSource(request, repair, gate), signal, (event) => this.onModelEvent(event), this.settings.provider.id);
    // not an async function: a plain request suspends no frame of its own while it streams
    return gate ? this.gated(answer, gate, repair) : answer.then((response) => this.answeredWith(response));
  }

  /** A request under input streaming: new input may cut it (its partial turn is kept). */
  private async gated(answer: Promise<ProviderResponse>, gate: GenerationGate, repair: boolean): Promise<ProviderResponse | undefined> {
    let response: ProviderResponse;
    try {
      response = await answer;
      await gate.settled();
    } catch (error) {
      if (!gate.cut || this.input.signal.aborted) throw error;
      if (!repair) this.steps--;
      if (this.inflight?.usage) this.usageSoFar = addUsage(this.usageSoFar, this.inflight.usage);
      keepCutGeneration(this.inflight, this.metadata(), this.turnSoFar());
      this.inflight = undefined;
      return undefined;
    } finally {
      this.input.inbox?.closeGeneration(gate);
    }
    this.steering?.record(gate);
    return this.answeredWith(response);
  }

  private answeredWith(response: ProviderResponse): ProviderResponse {
    this.answered++;
    this.inflight = undefined;
    this.usageSoFar = addUsage(this.usageSoFar, response.usage);
    this.lastResponse = response;
    return response;
  }

  /** The turn so far, for the input-streaming helpers. */
  private turnSoFar(): TurnSoFar {
    return { produced: this.produced, scratch: this.scratch, emit: this.input.emit };
  }

  /** Appends waiting input before the next request; says `generation-restarted` once something ran. */
  private mergeInput(): Promise<boolean> {
    return mergeInput(this.input.inbox!, this.input.signal, this.turnSoFar(), this.requests > 0 || this.input.tail.length > 0);
  }

  /** A request's events: from the seam, or (native steering) a continuation the server started. */
  private modelSource(request: ProviderRequest, repair: boolean, gate: GenerationGate | undefined): Observable<ModelStreamEvent> {
    const info = { mode: this.input.mode, step: this.requests, attempt: 1, repair };
    if (!gate || !this.steering) return this.settings.caller(request, info);
    return this.steering.source(gate, (steering) => this.settings.caller(request, { ...info, steering }));
  }

  private onModelEvent(event: ModelStreamEvent): void {
    if (event.type === 'step-finish') this.input.inbox?.generationFinished();
    this.inflight?.apply(event);
    if (event.type === 'warning') (this.warnings ??= []).push(event.message);
    this.input.emit(event);
    if (event.type === 'text-delta') this.partialOutput?.append(event.delta);
    else if (event.type === 'provider-fallback' && event.mode === 'restart') this.partialOutput?.reset();
  }

  private newStep(message: Message, prefix: () => readonly Message[]): ToolStep {
    let digest: string | undefined;
    const host: StepHost = {
      settings: this.settings as RunSettings<unknown>,
      call: this.input.call,
      signal: this.input.signal,
      toolSignal: this.input.inbox?.openTools(this.input.signal),
      conversation: () => [...this.input.history, ...this.produced],
      onResult: (result) => {
        (this.results ??= []).push(result);
        this.input.emit({ type: 'tool-result', result });
      },
      onWarning: (message) => {
        (this.warnings ??= []).push(message);
        this.input.emit({ type: 'warning', message });
      },
      // Tool progress is for a stream's subscribers only: `complete()` gives its tools no reporter.
      onProgress: this.input.mode === 'stream' ? (call, update) => this.input.emit({ type: 'tool-progress', callId: call.id, name: call.name, ...update }) : undefined,
    };
    this.step = new ToolStep(host, message, this.produced, () => (digest ??= conversationDigest(prefix())));
    return this.step;
  }

  /** Resumes the paused turn the conversation ends with. Returns the calls still waiting. */
  private async resume(): Promise<ToolCallPart[]> {
    const tail = [...this.input.tail];
    this.produced.push(...tail);
    const paused = tail[0];
    const answered = new Set(tail.flatMap((m) => m.parts.flatMap((p) => (p.type === 'tool-result' ? [p.callId] : []))));
    const step = this.newStep(paused, () => this.input.history);
    const waiting = await step.resume(answered);
    if (waiting.length === 0) {
      replaceIn(this.produced, step.message, withMessageStatus(step.message, 'completed'));
      releaseQueuedInput(this.produced); // input queued behind the pause goes out after the results
    }
    return waiting;
  }
}
