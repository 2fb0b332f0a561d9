import type { ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import type { Usage } from '../core/usage.types';
import { MaxStepsExceededError } from '../errors/max-steps-exceeded.error';
import { throwIfAborted } from './abort.helpers';
import { earliestResume } from './approval';
import { InputStreamingWrapper } from './input/input-streaming.wrapper';
import type { TurnSoFar } from './input/input-turn';
import { ModelRequests } from './model-requests';
import type { RunSettings } from './run-settings';
import { RepairStep } from './structured-output.step';
import type { ToolStep } from './tool-step';
import { toolStep } from './tool-step.host';
import { isRunnableCall, toAssistantMessage } from './turn.helpers';
import { closedTurn, releaseQueuedInput, replaceIn, TurnMachine, withMessageStatus } from './turn.machine';
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
  /** The turn so far (values are replaced, never changed). */
  readonly produced: Message[] = [];
  /** A structured-output repair exchange, kept off the conversation unless tool calls follow it. */
  private scratch: Message[] = [];
  private readonly model: ModelRequests<T>;
  readonly inputs?: InputStreamingWrapper;
  /** Created by the first tool result / warning (most turns have none). */
  private results?: ToolResultPart[];
  private warnings?: string[];
  private interruptedTurn?: InterruptedTurn;
  /** The tool calls being handled. */
  private step?: ToolStep;

  constructor(
    readonly settings: RunSettings<T>,
    readonly input: RunInput<T>,
  ) {
    if (input.inbox) this.inputs = new InputStreamingWrapper(input.inbox, input.signal);
    this.machine = new TurnMachine(input.tail.length > 0 ? 'awaiting-approval' : 'requesting');
    this.model = new ModelRequests<T>(this);
  }

  /** Tokens spent so far, the request in flight included as far as it reported. */
  get usage(): Usage {
    return this.model.usage;
  }

  async run(): Promise<TurnOutcome<T>> {
    throwIfAborted(this.input.signal, this.settings.provider.id);
    if (this.input.tail.length > 0) {
      const waiting = await this.resume();
      if (waiting.length > 0) return this.paused(this.step!.message, waiting);
    }
    const repair = new RepairStep<T>(this);
    for (;;) {
      if (this.inputs && (await this.inputs.merge(this.turnSoFar(), this.model.sent > 0 || this.input.tail.length > 0))) repair.reset();
      const response = await this.model.send(this.scratch.length > 0, [...this.input.history, ...this.produced, ...this.scratch], () => this.turnSoFar());
      const message = response && toAssistantMessage(response, [...this.input.history, ...this.produced, ...this.scratch]);
      const calls = message ? message.parts.filter(isRunnableCall) : [];
      if (!message || this.inputs?.placeSteered(message, calls.length > 0, this.turnSoFar())) {
        this.machine.to('requesting'); // cut by new input (merged at the top of the loop), or steered
        continue;
      }
      if (calls.length === 0) {
        const answer = await repair.check(message);
        if (answer) return this.completed(message, answer.value);
        continue; // repairing, or input is answered next
      }
      this.machine.to('tools');
      this.produced.push(...this.scratch, message);
      this.scratch = [];
      const before = [...this.input.history, ...this.produced.slice(0, -1)];
      const step = (this.step = toolStep(this, message, () => before));
      const waiting = await step.runNew(calls);
      if (waiting.length > 0) return this.paused(step.message, waiting);
      if (this.model.steps >= this.settings.maxSteps) {
        this.machine.to('failed');
        throw new MaxStepsExceededError(this.settings.maxSteps, this.interrupted().messages, { provider: this.settings.provider.id, usage: this.usage });
      }
      this.machine.to('requesting');
    }
  }

  /** The turn so far, closed for the conversation (see `closedTurn`); ends the machine (`interrupted` when cut, else `failed`). Computed once. */
  interrupted(): InterruptedTurn {
    if (this.interruptedTurn) return this.interruptedTurn;
    this.machine.end(this.input.signal.aborted || this.machine.phase === 'done' ? 'interrupted' : 'failed');
    this.step?.place();
    this.interruptedTurn = closedTurn(this.produced, this.model.partial(), (paused) => this.inputs?.leftover(paused) ?? []);
    return this.interruptedTurn;
  }

  /** The turn so far, for the input-streaming wrapper and the repair step. */
  turnSoFar(): TurnSoFar {
    return { produced: this.produced, scratch: this.scratch, emit: this.input.emit };
  }

  /** Input streaming: keeps an answer that ended while new input waited (see `RepairHost.keepAnswer`). */
  keepAnswer(message: Message): boolean {
    return this.inputs?.keepAnswer(message, this.turnSoFar()) ?? false;
  }

  /** A tool result or a warning of this call, for its response. */
  record(entry: { readonly result: ToolResultPart } | { readonly warning: string }): void {
    if ('result' in entry) (this.results ??= []).push(entry.result);
    else (this.warnings ??= []).push(entry.warning);
  }

  /** The signal the tools of a step get (input streaming may abort them alone). */
  toolSignal(): AbortSignal | undefined {
    return this.inputs?.toolSignal(this.input.signal);
  }

  private completed(message: Message, output: T | undefined): TurnOutcome<T> {
    this.machine.to('done');
    this.inputs?.leftover(false);
    this.produced.push(message);
    this.scratch = [];
    const { finishReason, metadata } = this.model.lastResponse!;
    const counted = { usage: this.model.usageSoFar, finishReason, metadata, pending: [], ...this.extras() };
    return { status: 'completed', messages: this.produced, redoFrom: this.produced.length - 1, message, output, ...counted };
  }

  private paused(waitingOn: Message, waiting: ToolCallPart[]): TurnOutcome<T> {
    this.machine.to('awaiting-approval');
    const message = withMessageStatus(waitingOn, 'paused');
    replaceIn(this.produced, waitingOn, message);
    // input that arrived meanwhile waits behind the pause: it never decides the calls
    this.produced.push(...(this.inputs?.leftover(true) ?? []));
    const finishReason = message.finishReason ?? { unified: 'tool-calls' as const };
    const common = { messages: this.produced, redoFrom: this.produced.length, message, usage: this.model.usageSoFar, finishReason, metadata: message.metadata ?? this.model.metadata() };
    return { status: 'paused', ...common, pending: waiting, resumeAt: earliestResume(waiting), ...this.extras() };
  }

  private extras(): Pick<TurnOutcome<T>, 'toolResults' | 'warnings'> {
    return { toolResults: this.results ?? [], warnings: this.warnings ?? [] };
  }

  /** Resumes the paused turn the conversation ends with (`awaiting-approval` → `tools`). Returns the calls still waiting. */
  private async resume(): Promise<ToolCallPart[]> {
    this.machine.to('tools');
    const tail = [...this.input.tail];
    this.produced.push(...tail);
    const answered = new Set(tail.flatMap((m) => m.parts.flatMap((p) => (p.type === 'tool-result' ? [p.callId] : []))));
    const step = (this.step = toolStep(this, tail[0], () => this.input.history));
    const waiting = await step.resume(answered);
    if (waiting.length > 0) return waiting;
    replaceIn(this.produced, step.message, withMessageStatus(step.message, 'completed'));
    releaseQueuedInput(this.produced); // input queued behind the pause goes out after the results
    this.machine.to('requesting');
    return waiting;
  }
}
