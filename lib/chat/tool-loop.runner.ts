import type { ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { Message, ResponseMetadata } from '../core/message.types';
import type { ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { Usage } from '../core/usage.types';
import { addUsage, emptyUsage } from '../core/usage.helpers';
import { MaxStepsExceededError } from '../errors/max-steps-exceeded.error';
import { throwIfAborted } from './abort.helpers';
import { earliestResume } from './approval';
import { InputStreamingWrapper, type CutRequest, type RequestSource } from './input/input-streaming.wrapper';
import type { TurnSoFar } from './input/input-turn';
import { PartialStep } from './partial-step';
import { buildProviderRequest } from './request.builder';
import type { RunSettings } from './run-settings';
import { consumeStep } from './step.consumer';
import { RepairStep } from './structured-output.step';
import { PartialOutputTracker } from './structured-output';
import { toolStep } from './tool-step.host';
import type { ToolStep } from './tool-step';
import { isRunnableCall, isWaiting, toAssistantMessage } from './turn.helpers';
import { closeUnanswered, releaseQueuedInput, replaceIn, TurnMachine, withMessageStatus } from './turn.machine';
import type { InterruptedTurn, RunInput, TurnOutcome } from './turn.types';

export type { InterruptedTurn, RunInput, TurnOutcome } from './turn.types';

/**
 * The run loop of one call, driving its {@link TurnMachine}: model request, tool calls (gated,
 * validated, run concurrently), results, next request... until a final answer (validated, and
 * repaired through `repairing` when structured), a pause for approval, `maxSteps`, or an error.
 * Input streaming wraps each request and answer ({@link InputStreamingWrapper}); retries, hooks and
 * the router wrap the model seam (`settings.caller`) outside the loop. Holds the turn so far, so a
 * cut run can be written back as an interrupted turn. One instance per call.
 */
export class TurnRunner<T> {
  readonly machine: TurnMachine;
  readonly produced: Message[] = [];
  /** A structured-output repair exchange, kept off the conversation unless tool calls follow it. */
  private scratch: Message[] = [];
  private usageSoFar: Usage = emptyUsage();
  private steps = 0;
  private requests = 0;
  /** Model requests answered (a request cut by input is not). */
  private answered = 0;
  private inflight?: PartialStep;
  private readonly partialOutput?: PartialOutputTracker;
  private readonly inputs?: InputStreamingWrapper;
  /** Created by the first tool result / warning (most turns have none). */
  private results?: ToolResultPart[];
  private warnings?: string[];
  private lastResponse?: ProviderResponse;
  private interruptedTurn?: InterruptedTurn;
  /** The tool calls being handled. */
  private step?: ToolStep;

  constructor(
    readonly settings: RunSettings<T>,
    readonly input: RunInput<T>,
  ) {
    if (settings.output && input.mode === 'stream') {
      this.partialOutput = new PartialOutputTracker((partial) => input.emit({ type: 'partial-output', partial }));
    }
    if (input.inbox) this.inputs = new InputStreamingWrapper(input.inbox, input.signal);
    this.machine = new TurnMachine(input.tail.length > 0 ? 'awaiting-approval' : 'requesting');
  }

  /** Tokens spent so far, the request in flight included as far as it reported. */
  get usage(): Usage {
    return this.inflight?.usage ? addUsage(this.usageSoFar, this.inflight.usage) : this.usageSoFar;
  }

  async run(): Promise<TurnOutcome<T>> {
    throwIfAborted(this.input.signal, this.settings.provider.id);
    if (this.input.tail.length > 0 && !(await this.resume())) return this.paused(this.step!.message, this.pending);
    const repair = new RepairStep<T>(this);
    for (;;) {
      if (this.inputs && (await this.inputs.merge(this.turnSoFar(), this.requests > 0 || this.input.tail.length > 0))) repair.reset();
      const response = await this.requestModel(this.scratch.length > 0);
      if (this.machine.phase === 'requesting' && response) this.machine.to('streaming');
      const message = response && toAssistantMessage(response, [...this.input.history, ...this.produced, ...this.scratch]);
      const calls = message ? message.parts.filter(isRunnableCall) : [];
      if (!message || this.inputs?.placeSteered(message, calls.length > 0, this.turnSoFar())) {
        this.machine.to('requesting'); // cut by new input (merged at the top of the loop), or steered
        continue;
      }
      if (calls.length === 0) {
        const output = await repair.check(message);
        if (output === undefined) continue; // repairing, or input is answered next
        return this.completed(message, output.value);
      }
      this.machine.to('tools');
      this.produced.push(...this.scratch, message);
      this.scratch = [];
      const before = [...this.input.history, ...this.produced.slice(0, -1)];
      const step = (this.step = toolStep(this, message, () => before));
      const waiting = await step.runNew(calls);
      if (waiting.length > 0) return this.paused(step.message, waiting);
      if (this.steps >= this.settings.maxSteps) {
        this.machine.to('failed');
        throw new MaxStepsExceededError(this.settings.maxSteps, this.interrupted().messages, { provider: this.settings.provider.id, usage: this.usage });
      }
      this.machine.to('requesting');
    }
  }

  /**
   * The turn so far, closed for the conversation: calls that started without finishing get
   * `aborted` results; the last assistant message is `interrupted` (or stays `paused` when some of
   * its calls still wait for a decision). Ends the machine (`interrupted` when cut, else `failed`). Computed once.
   */
  interrupted(): InterruptedTurn {
    if (this.interruptedTurn) return this.interruptedTurn;
    this.machine.end(this.input.signal.aborted || this.machine.phase === 'done' ? 'interrupted' : 'failed');
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
    const unmerged = this.inputs?.leftover(lastAssistant?.status === 'paused') ?? [];
    messages.push(...unmerged);
    this.interruptedTurn = { messages, redoFrom: unmerged.length > 0 ? messages.length : redoFrom };
    return this.interruptedTurn;
  }

  metadata(): ResponseMetadata {
    return this.lastResponse?.metadata ?? { model: this.settings.provider.model, provider: this.settings.provider.id };
  }

  /** The turn so far, for the input-streaming wrapper and the repair step. */
  turnSoFar(): TurnSoFar {
    return { produced: this.produced, scratch: this.scratch, emit: this.input.emit };
  }

  private completed(message: Message, output: T | undefined): TurnOutcome<T> {
    this.machine.to('done');
    this.inputs?.leftover(false);
    this.produced.push(message);
    this.scratch = [];
    const response = this.lastResponse as ProviderResponse;
    const { finishReason, metadata } = response;
    return { status: 'completed', messages: this.produced, redoFrom: this.produced.length - 1, message, output, usage: this.usageSoFar, finishReason, metadata, pending: [], ...this.extras() };
  }

  private paused(waitingOn: Message, waiting: ToolCallPart[]): TurnOutcome<T> {
    this.machine.to('awaiting-approval');
    const message = withMessageStatus(waitingOn, 'paused');
    replaceIn(this.produced, waitingOn, message);
    // input that arrived meanwhile waits behind the pause: it never decides the calls
    this.produced.push(...(this.inputs?.leftover(true) ?? []));
    const finishReason = message.finishReason ?? { unified: 'tool-calls' as const };
    const common = { messages: this.produced, redoFrom: this.produced.length, message, usage: this.usageSoFar, finishReason, metadata: message.metadata ?? this.metadata() };
    return { status: 'paused', ...common, pending: waiting, resumeAt: earliestResume(waiting), ...this.extras() };
  }

  private extras(): Pick<TurnOutcome<T>, 'toolResults' | 'warnings'> {
    return { toolResults: this.results ?? [], warnings: this.warnings ?? [] };
  }

  /** One model request; `undefined` when new input cut it (the input-streaming wrapper keeps its partial turn). */
  private requestModel(repair: boolean): Promise<ProviderResponse | undefined> {
    const inputs = this.inputs;
    if (this.machine.phase !== 'requesting') this.machine.to('requesting'); // after a repair, or resuming
    if (inputs?.hasPending) return Promise.resolve(undefined); // input arrived since the last merge: merge it first
    if (!repair) this.steps++;
    this.requests++;
    const messages = [...this.input.history, ...this.produced, ...this.scratch];
    const info = { mode: this.input.mode, step: this.requests, attempt: 1, repair };
    const first = this.answered === 0;
    this.inflight = new PartialStep();
    this.partialOutput?.reset();
    const send = (signal: AbortSignal, source: RequestSource): Promise<ProviderResponse> => {
      const request = buildProviderRequest(this.settings as RunSettings<unknown>, this.input.call, messages, signal, first);
      const events = source((steering) => this.settings.caller(request, steering ? { ...info, steering } : info));
      return consumeStep(events, signal, (event) => this.onModelEvent(event), this.settings.provider.id);
    };
    // not an async function: a plain request suspends no frame of its own while it streams
    if (!inputs) return send(this.input.signal, (fromSeam) => fromSeam()).then((response) => this.answeredWith(response));
    return inputs.request(send, () => this.cut(repair)).then((response) => response && this.answeredWith(response));
  }

  /** A request new input cut: it does not count as a step; its tokens do. */
  private cut(repair: boolean): CutRequest {
    if (!repair) this.steps--;
    const partial = this.inflight;
    if (partial?.usage) this.usageSoFar = addUsage(this.usageSoFar, partial.usage);
    this.inflight = undefined;
    return { partial, metadata: this.metadata(), turn: this.turnSoFar() };
  }

  private answeredWith(response: ProviderResponse): ProviderResponse {
    this.answered++;
    this.inflight = undefined;
    this.usageSoFar = addUsage(this.usageSoFar, response.usage);
    this.lastResponse = response;
    return response;
  }

  private onModelEvent(event: ModelStreamEvent): void {
    if (this.machine.phase === 'requesting') this.machine.to('streaming');
    this.inputs?.onEvent(event);
    this.inflight?.apply(event);
    if (event.type === 'warning') (this.warnings ??= []).push(event.message);
    this.input.emit(event);
    if (event.type === 'text-delta') this.partialOutput?.append(event.delta);
    else if (event.type === 'provider-fallback' && event.mode === 'restart') this.partialOutput?.reset();
  }

  /** Input streaming: keeps an answer that ended while new input waited (see `RepairHost.keepAnswer`). */
  keepAnswer(message: Message): boolean {
    return this.inputs?.keepAnswer(message, this.turnSoFar()) ?? false;
  }

  record(kind: 'result', value: ToolResultPart): void;
  record(kind: 'warning', value: string): void;
  /** A tool result or a warning of this call, for its response. */
  record(kind: 'result' | 'warning', value: ToolResultPart | string): void {
    if (kind === 'result') (this.results ??= []).push(value as ToolResultPart);
    else (this.warnings ??= []).push(value as string);
  }

  /** The signal the tools of a step get (input streaming may abort them alone). */
  toolSignal(): AbortSignal | undefined {
    return this.inputs?.toolSignal(this.input.signal);
  }

  /** Calls of a resumed turn still waiting. */
  private pending: ToolCallPart[] = [];

  /** Resumes the paused turn the conversation ends with (`awaiting-approval` → `tools`). False when calls still wait. */
  private async resume(): Promise<boolean> {
    this.machine.to('tools');
    const tail = [...this.input.tail];
    this.produced.push(...tail);
    const answered = new Set(tail.flatMap((m) => m.parts.flatMap((p) => (p.type === 'tool-result' ? [p.callId] : []))));
    const step = (this.step = toolStep(this, tail[0], () => this.input.history));
    this.pending = await step.resume(answered);
    if (this.pending.length > 0) return false;
    replaceIn(this.produced, step.message, withMessageStatus(step.message, 'completed'));
    releaseQueuedInput(this.produced); // input queued behind the pause goes out after the results
    this.machine.to('requesting');
    return true;
  }
}
