import type { ToolResultPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import { conversationDigest } from './approval-seal';
import type { RunSettings } from './run-settings';
import { ToolStep, type StepHost } from './tool-step';
import type { RunInput } from './turn.types';

/** What a tool step takes from the run it belongs to. */
export interface StepRun<T> {
  readonly settings: RunSettings<T>;
  readonly input: RunInput<T>;
  /** The turn so far (the step puts its message's new values and its results there). */
  readonly produced: Message[];
  /** The signal the tools get, when it differs from the run's (input streaming). */
  toolSignal(): AbortSignal | undefined;
  /** A tool result or a warning of this call, for its response. */
  record(entry: { readonly result: ToolResultPart } | { readonly warning: string }): void;
}

/**
 * The tool step of `message` (on `run.produced`), wired to its run: results and warnings are
 * recorded and emitted, tool progress is emitted on a stream only (`complete()` gives its tools no
 * reporter), and the approval seals use the digest of `prefix`, computed once and only when needed.
 */
export function toolStep<T>(run: StepRun<T>, message: Message, prefix: () => readonly Message[]): ToolStep {
  const { input } = run;
  const emit = input.emit;
  let digest: string | undefined;
  const host: StepHost = {
    settings: run.settings as RunSettings<unknown>,
    call: input.call,
    signal: input.signal,
    toolSignal: run.toolSignal(),
    conversation: () => [...input.history, ...run.produced],
    onResult: (result) => {
      run.record({ result });
      emit({ type: 'tool-result', result });
    },
    onWarning: (text) => {
      run.record({ warning: text });
      emit({ type: 'warning', message: text });
    },
    onProgress: input.mode === 'stream' ? (call, update) => emit({ type: 'tool-progress', callId: call.id, name: call.name, ...update }) : undefined,
  };
  return new ToolStep(host, message, run.produced, () => (digest ??= conversationDigest(prefix())));
}
