import type { ToolCallApproval, ToolCallPart, ToolCallStatus, ToolResultPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import type { ToolDefinition, ToolProgressUpdate } from '../core/tool.types';
import { throwIfAborted } from './abort.helpers';
import { decide } from './approval';
import { APPROVAL_SECRET_ENV } from './approval-seal';
import { mapConcurrent } from './bounded-concurrency';
import type { CallOptions } from './chat.types';
import type { RunSettings } from './run-settings';
import { checkArguments, errorResult, executeTool } from './tool-executor';
import { isRunnableCall } from './turn.helpers';
import { callOn, placeResults, replaceIn, withCallStatus } from './turn.machine';

/** What a tool step needs from the run it belongs to. */
export interface StepHost {
  readonly settings: RunSettings<unknown>;
  readonly call: CallOptions;
  readonly signal: AbortSignal;
  /** The signal the tools get, when it differs from the run's (input streaming may abort them alone). */
  readonly toolSignal?: AbortSignal;
  /** The conversation as it stands (history and the turn so far). */
  conversation(): readonly Message[];
  /** A result was produced (the run records and emits it). */
  onResult(result: ToolResultPart): void;
  /** A non-fatal problem the caller should know about (the run emits a `warning` event and lists it on the response). */
  onWarning?(message: string): void;
  /** A running tool reported progress (the run emits a `tool-progress` event); absent: tools get no `reportProgress`. */
  onProgress?(call: ToolCallPart, update: ToolProgressUpdate): void;
}

/** The warning of an approved (or deferred) call whose seal does not verify: it is held for approval again. */
export function unverifiedApprovalWarning(call: ToolCallPart): string {
  return (
    `Tool call "${call.name}" (${call.id}) is ${call.status}, but its approval seal does not verify in this process, so it was not run ` +
    'and waits for a decision again. A conversation paused in another process (or before a restart) needs the same approval secret ' +
    `in every process: set it with ChatBuilder.withApprovalSecret() or the ${APPROVAL_SECRET_ENV} environment variable. ` +
    '(A call edited or copied outside the engine is refused the same way.)'
  );
}

interface Runnable {
  readonly call: ToolCallPart;
  readonly tool: ToolDefinition;
  readonly value: unknown;
}

/**
 * The tool calls of one assistant message: validation, gating (approval, deferral, rejection),
 * concurrent execution, and the results placed after the message on the turn, once.
 * `prefixDigest` is the digest of the conversation before the message, for approval seals.
 * Each status change makes a new message value (see `turn.machine.ts`) and puts it in the
 * message's place on the turn; {@link ToolStep.message} is the latest.
 */
export class ToolStep {
  private readonly results = new Map<string, ToolResultPart>();
  private placed = false;

  constructor(
    private readonly host: StepHost,
    private current: Message,
    private readonly turn: Message[],
    private readonly prefixDigest: () => string,
  ) {}

  /** The assistant message of the step as it stands now. */
  get message(): Message {
    return this.current;
  }

  /** New calls from the model: gate each, run the runnable ones. Returns the calls left waiting. */
  async runNew(calls: readonly ToolCallPart[]): Promise<ToolCallPart[]> {
    const runnable: Runnable[] = [];
    const waiting: ToolCallPart[] = [];
    for (const call of calls) await this.gate(call, runnable, waiting);
    await this.execute(runnable);
    return waiting;
  }

  /**
   * A paused message being resumed: calls with a valid seal run once approved (or, when only
   * deferred, once due); rejections answer; calls without a valid seal are gated afresh, as if
   * the model had just made them. Returns the calls still waiting.
   */
  async resume(answered: ReadonlySet<string>): Promise<ToolCallPart[]> {
    const { settings } = this.host;
    const runnable: Runnable[] = [];
    const waiting: ToolCallPart[] = [];
    const now = settings.clock.now();
    for (const { id } of this.message.parts.filter(isRunnableCall)) {
      const call = callOn(this.current, id);
      if (answered.has(call.id)) continue;
      if (call.status === 'rejected') {
        this.add(errorResult(call, 'rejected', `The user rejected this call: ${call.approval?.reason ?? 'no reason given'}`));
        continue;
      }
      const tool = settings.tools.get(call.name);
      const seal = settings.sealer.verify(call, this.prefixDigest());
      if (!tool || !seal.valid) {
        if (tool && (call.status === 'approved' || call.status === 'deferred')) this.host.onWarning?.(unverifiedApprovalWarning(call));
        await this.gate(call, runnable, waiting);
        continue;
      }
      const resumeAt = call.approval?.resumeAt;
      const due = resumeAt === undefined || now >= resumeAt;
      if (due && (call.status === 'approved' || (call.status === 'deferred' && !seal.human))) {
        const edited = call.status === 'approved' ? call.approval?.editedArguments : undefined;
        const check = await checkArguments(call, tool, () => settings.tools.names(), edited ?? call.arguments);
        if (check.ok) runnable.push({ call, tool, value: check.value });
        else this.set(call, 'failed'), this.add(check.result);
      } else if (call.status === 'pending' || call.status === 'approved' || call.status === 'deferred') {
        waiting.push(due && call.status === 'deferred' ? this.set(call, 'pending') : call);
      } else {
        this.set(call, 'failed');
        this.add(errorResult(call, 'aborted', `"${call.name}" was interrupted before its result was recorded; it was not run again`));
      }
    }
    await this.execute(runnable);
    return waiting;
  }

  /** Puts the results so far on the turn, right after the message (once; later results are dropped). */
  place(): void {
    if (this.placed) return;
    this.placed = true;
    placeResults(this.turn, this.message, [...this.results.values()]);
  }

  /** The call in `status` (and `approval`, when given), as a new value on a new message; dropped once the results are placed. */
  private set(call: ToolCallPart, status: ToolCallStatus, approval?: ToolCallApproval): ToolCallPart {
    const now = callOn(this.current, call.id);
    if (this.placed || (now.status === status && approval === undefined)) return now;
    const next = withCallStatus(this.current, call.id, status, approval);
    replaceIn(this.turn, this.current, next);
    this.current = next;
    return callOn(next, call.id);
  }

  private add(result: ToolResultPart): void {
    if (this.placed) return;
    this.results.set(result.callId, result);
    this.host.onResult(result);
  }

  /** Validates and gates one call as if the model had just made it. */
  private async gate(call: ToolCallPart, runnable: Runnable[], waiting: ToolCallPart[]): Promise<void> {
    const { settings } = this.host;
    const tool = settings.tools.get(call.name);
    const check = await checkArguments(call, tool, () => settings.tools.names());
    if (!check.ok || !tool) {
      this.set(call, 'failed');
      if (!check.ok) this.add(check.result);
      return;
    }
    const decision = await decide(call, tool, settings.approval, { context: this.host.call.context, messages: this.host.conversation(), clock: settings.clock });
    switch (decision.action) {
      case 'execute':
        // decided: an interruption before it starts must not leave it to run later
        runnable.push({ call: this.set(call, 'running'), tool, value: check.value });
        return;
      case 'reject':
        this.set(call, 'rejected', { reason: decision.reason });
        this.add(errorResult(call, 'rejected', `The call was rejected: ${decision.reason}`));
        return;
      case 'pending':
        waiting.push(this.set(call, 'pending', { seal: settings.sealer.seal(call, this.prefixDigest(), true) }));
        return;
      case 'deferred': {
        const seal = settings.sealer.seal(call, this.prefixDigest(), decision.human, decision.until);
        waiting.push(this.set(call, 'deferred', { resumeAt: decision.until, seal }));
        return;
      }
    }
  }

  /** Runs validated calls with the concurrency limit, then places the results. */
  private async execute(runnable: Runnable[]): Promise<void> {
    const { settings, signal } = this.host;
    const tools = this.host.toolSignal ?? signal;
    const onProgress = this.host.onProgress?.bind(this.host); // tool progress → `tool-progress` events
    const env = { context: this.host.call.context, signal: tools, messages: () => this.host.conversation(), toolErrors: this.host.settings.toolErrors, onProgress };
    await mapConcurrent(runnable, settings.toolConcurrency, async ({ call, tool, value }) => {
      throwIfAborted(signal, settings.provider.id);
      if (tools.aborted) {
        this.set(call, 'failed');
        return this.add(errorResult(call, 'aborted', `"${call.name}" was not run: new user input arrived first`));
      }
      const running = this.set(call, 'running');
      const execute = (): Promise<ToolResultPart> => executeTool(running, tool, value, env);
      const result = await (settings.observation?.tool ? settings.observation.tool(running, execute) : execute()); // observers wrap each execution (issue 22)
      this.set(running, result.isError ? 'failed' : 'completed');
      this.add(result);
    });
    throwIfAborted(signal, settings.provider.id);
    this.place();
  }
}
