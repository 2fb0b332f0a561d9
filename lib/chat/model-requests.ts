import type { Message, ResponseMetadata } from '../core/message.types';
import type { ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { Usage } from '../core/usage.types';
import { addUsage, emptyUsage } from '../core/usage.helpers';
import type { InputStreamingWrapper, CutRequest, RequestSource } from './input/input-streaming.wrapper';
import type { TurnSoFar } from './input/input-turn';
import { PartialStep } from './partial-step';
import { buildProviderRequest } from './request.builder';
import type { RunSettings } from './run-settings';
import { consumeStep, type StepSink } from './step.consumer';
import { PartialOutputTracker } from './structured-output';
import type { TurnMachine } from './turn.machine';
import type { RunInput } from './turn.types';

/** What the requests of a turn take from their run (the runner itself: no copies, no closures per run). */
export interface ModelRun<T> {
  readonly settings: RunSettings<T>;
  readonly input: RunInput<T>;
  readonly machine: TurnMachine;
  readonly inputs?: InputStreamingWrapper;
  /** A `warning` event of the model, for the response's `warnings`. */
  record(entry: { readonly warning: string }): void;
}

/**
 * The `requesting` and `streaming` states of one turn: each model request through the seam (the
 * retries, hooks and router around `settings.caller` stay outside), its events relayed, the answer
 * counted (steps, usage). Under input streaming the wrapper runs each request and may cut it.
 */
export class ModelRequests<T> implements StepSink {
  /** Requests that count as steps (not repairs, not cut by input). */
  steps = 0;
  /** Requests sent. */
  sent = 0;
  private answered = 0;
  private settled: Usage = emptyUsage();
  private inflight?: PartialStep;
  private readonly partialOutput?: PartialOutputTracker;
  private last?: ProviderResponse;

  constructor(private readonly run: ModelRun<T>) {
    const { settings, input } = run;
    if (settings.output && input.mode === 'stream') {
      this.partialOutput = new PartialOutputTracker((partial) => input.emit({ type: 'partial-output', partial }));
    }
  }

  /** Tokens of the answered requests (and of requests input cut). */
  get usageSoFar(): Usage {
    return this.settled;
  }

  /** Tokens spent so far, the request in flight included as far as it reported. */
  get usage(): Usage {
    return this.inflight?.usage ? addUsage(this.settled, this.inflight.usage) : this.settled;
  }

  get lastResponse(): ProviderResponse | undefined {
    return this.last;
  }

  metadata(): ResponseMetadata {
    const { provider } = this.run.settings;
    return this.last?.metadata ?? { model: provider.model, provider: provider.id };
  }

  /** What the request in flight streamed, as an `interrupted` message. */
  partial(): Message | undefined {
    return this.inflight?.toMessage(this.metadata());
  }

  /** One model request on `messages`; `undefined` when new input cut it (the input-streaming wrapper keeps its partial turn). */
  send(repair: boolean, messages: readonly Message[], turn: () => TurnSoFar): Promise<ProviderResponse | undefined> {
    const { settings, input, machine, inputs } = this.run;
    if (machine.phase !== 'requesting') machine.to('requesting'); // after a repair
    if (inputs?.hasPending) return Promise.resolve(undefined); // input arrived since the last merge: merge it first
    if (!repair) this.steps++;
    this.sent++;
    const info = { mode: input.mode, step: this.sent, attempt: 1, repair };
    const first = this.answered === 0;
    this.inflight = new PartialStep();
    this.partialOutput?.reset();
    const run = (signal: AbortSignal, source: RequestSource): Promise<ProviderResponse> => {
      const request = buildProviderRequest(settings as RunSettings<unknown>, input.call, messages, signal, first);
      const events = source((steering) => settings.caller(request, steering ? { ...info, steering } : info));
      return consumeStep(events, signal, this, settings.provider.id);
    };
    // not an async function: a plain request suspends no frame of its own while it streams
    if (!inputs) return run(input.signal, (fromSeam) => fromSeam()).then(this.onAnswer); // holds nothing of this send while it streams
    return inputs.request(run, () => this.cut(repair, turn())).then((response) => response && this.answeredWith(response));
  }

  /** A request new input cut: it does not count as a step; its tokens do. */
  private cut(repair: boolean, turn: TurnSoFar): CutRequest {
    if (!repair) this.steps--;
    const partial = this.inflight;
    if (partial?.usage) this.settled = addUsage(this.settled, partial.usage);
    this.inflight = undefined;
    return { partial, metadata: this.metadata(), turn };
  }

  /** {@link answeredWith}, bound once per run. */
  private readonly onAnswer = (response: ProviderResponse): ProviderResponse => this.answeredWith(response);

  private answeredWith(response: ProviderResponse): ProviderResponse {
    if (this.run.machine.phase === 'requesting') this.run.machine.to('streaming'); // an answer without events
    this.answered++;
    this.inflight = undefined;
    this.settled = addUsage(this.settled, response.usage);
    this.last = response;
    return response;
  }

  /** An event of the request in flight (the {@link StepSink} of its consumer). */
  onEvent(event: ModelStreamEvent): void {
    const { machine, inputs, input } = this.run;
    if (machine.phase === 'requesting') machine.to('streaming');
    inputs?.onEvent(event);
    this.inflight?.apply(event);
    if (event.type === 'warning') this.run.record({ warning: event.message });
    input.emit(event);
    if (event.type === 'text-delta') this.partialOutput?.append(event.delta);
    else if (event.type === 'provider-fallback' && event.mode === 'restart') this.partialOutput?.reset();
  }
}
