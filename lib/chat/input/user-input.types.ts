import type { Observable } from 'rxjs';
import type { ContentPart } from '../../core/content-part.types';
import type { CallOptions } from '../chat.types';

/** One piece of user input pushed into a running chat: text, one part (an image, a file) or several parts. */
export type UserInput = string | ContentPart | readonly ContentPart[];

/** What a running tool does when user input arrives. */
export type RunningToolsOnInput = 'finish' | 'abort';

/** How a stream treats pushed input (see {@link StreamCallOptions.input}). */
export interface InputHandlingOptions {
  /**
   * Quiet time after the last input before the generation restarts, so that a burst of input makes
   * one restart (default {@link DEFAULT_INPUT_COALESCE_MS} ms, measured with the chat's clock).
   * The running generation is cut at the first input; only the restart waits.
   */
  readonly coalesceMs?: number;
  /**
   * A tool that is running when input arrives: `finish` (default) lets it finish and keeps its
   * result; `abort` aborts it (its signal fires) and keeps its `aborted` error result. Either way the
   * model then sees the results followed by the new input.
   */
  readonly runningTools?: RunningToolsOnInput;
  /**
   * EXPERIMENTAL. Steer the response in flight instead of cutting it, where the provider supports
   * it natively (a provider with the `NativeSteeringHook` capability, a `streamSteerable()` method: the Responses/OpenAI provider over
   * `WebSocketTransport`, with OpenAI's `response.steer`, in beta). Refused or unsupported steering
   * (any provider over HTTP) falls back to interrupt-and-restart (a `warning` event says so once).
   * Tested against the emulator only: the beta protocol cannot be checked against the real API offline.
   */
  readonly experimentalNativeSteering?: boolean;
}

/** Default quiet window, ms, that coalesces a burst of input into one restart. */
export const DEFAULT_INPUT_COALESCE_MS = 50;

/** Options of `chat.stream()`: the call options plus input streaming. */
export interface StreamCallOptions<C = unknown> extends CallOptions<C> {
  /**
   * User input pushed while the turn runs. Each value is accepted at once (`input-accepted`), cuts
   * the generation in flight (`generation-interrupted`, the HTTP request is aborted) and restarts it
   * with the input merged as user content (`generation-restarted`). Tool work already finished is
   * kept; input that arrives while tools run is sent after their results; input still waiting when
   * the turn pauses for approval is queued on the conversation for the resumed turn. The stream
   * subscribes to it when subscribed and unsubscribes when the turn ends; completing it does not
   * end the turn.
   */
  readonly input?: Observable<UserInput>;
  /** How pushed input is handled (coalescing window, running tools, native steering). */
  readonly inputHandling?: InputHandlingOptions;
}
