import { Observable, type Subscription } from 'rxjs';
import type { Clock } from '../core/clock.types';
import type { ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { CallbackError } from '../errors/callback.error';
import type { ChatError } from '../errors/chat.error';
import type { ModelCallInfo, ModelCaller } from './model-caller';
import { toChatError } from './step.consumer';

/**
 * Runs before each attempt of each model request. Sees the request the engine built (and the
 * step and attempt numbers); may return a changed request to send instead (or nothing to send it
 * as it is). A hook that throws fails the call with a `CallbackError`, and no request is sent.
 *
 * @example
 * .beforeRequest((request, { attempt }) => ({ ...request, headers: { ...request.headers, 'x-attempt': String(attempt) } }))
 */
export type BeforeRequestHook = (request: ProviderRequest, info: ModelCallInfo) => ProviderRequest | void | Promise<ProviderRequest | void>;

/** What an after-response hook sees of one attempt. */
export interface AfterResponseInfo extends ModelCallInfo {
  /** The request as it was sent (after the before-request hooks). */
  readonly request: ProviderRequest;
  /** The answer, when the attempt succeeded. */
  readonly response?: ProviderResponse;
  /** Why the attempt failed, when it did. */
  readonly error?: ChatError;
  /** From the request being sent to its answer or failure, by the chat's clock, ms. */
  readonly durationMs: number;
}

/**
 * Runs after each attempt of each model request, with its response or its error and how long it
 * took. A hook that throws fails the call with a `CallbackError` whose `cause` is the attempt's
 * own error, when there was one (it is never swallowed). Not called when the caller aborts.
 *
 * @example
 * .afterResponse(({ step, attempt, durationMs, error }) => metrics.record({ step, attempt, durationMs, failed: !!error }))
 */
export type AfterResponseHook = (info: AfterResponseInfo) => void | Promise<void>;

/** The hooks of a chat, run in the order they were added. */
export interface RequestHooks {
  readonly before: readonly BeforeRequestHook[];
  readonly after: readonly AfterResponseHook[];
}

function thrownMessage(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

function isRequest(value: unknown): value is ProviderRequest {
  return typeof value === 'object' && value !== null && Array.isArray((value as ProviderRequest).messages);
}

async function runBefore(hooks: readonly BeforeRequestHook[], request: ProviderRequest, info: ModelCallInfo): Promise<ProviderRequest> {
  let current = request;
  for (const hook of hooks) {
    let changed: ProviderRequest | void;
    try {
      changed = await hook(current, info);
    } catch (thrown) {
      throw new CallbackError(`A beforeRequest hook threw: ${thrownMessage(thrown)}`, { thrown, cause: thrown, callback: 'beforeRequest' });
    }
    if (changed === undefined) continue;
    if (!isRequest(changed)) throw new CallbackError('A beforeRequest hook must return a ProviderRequest (with `messages`) or nothing', { callback: 'beforeRequest' });
    current = changed;
  }
  return current;
}

async function runAfter(hooks: readonly AfterResponseHook[], info: AfterResponseInfo): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook(info);
    } catch (thrown) {
      const failed = info.error ? ` (after the request failed: ${info.error.message})` : '';
      throw new CallbackError(`An afterResponse hook threw: ${thrownMessage(thrown)}${failed}`, {
        thrown,
        cause: info.error ?? thrown,
        callback: 'afterResponse',
        provider: info.error?.provider,
        usage: info.response?.usage,
      });
    }
  }
}

/**
 * Wraps the model seam with before/after hooks: each attempt (a retry policy wraps this) runs the
 * before hooks, sends the request, holds the final `step-finish` until the after hooks have seen
 * the response, and hands failures to the after hooks before surfacing them.
 */
export function hookedCaller(inner: ModelCaller, hooks: RequestHooks, clock: Clock): ModelCaller {
  if (hooks.before.length === 0 && hooks.after.length === 0) return inner;
  return (request, info) =>
    new Observable<ModelStreamEvent>((subscriber) => {
      let current: Subscription | undefined;
      let closed = false;
      const send = (sending: ProviderRequest): void => {
        const started = clock.now();
        let finished: Promise<void> | undefined;
        const after = (outcome: { response?: ProviderResponse; error?: ChatError }): Promise<void> =>
          hooks.after.length === 0 ? Promise.resolve() : runAfter(hooks.after, { ...info, request: sending, ...outcome, durationMs: clock.now() - started });
        current = inner(sending, info).subscribe({
          next: (event) => {
            if (event.type !== 'step-finish') return subscriber.next(event);
            finished = after({ response: event.response }).then(() => {
              if (!closed) subscriber.next(event);
            });
            finished.catch(() => undefined); // handled where the stream completes
          },
          error: (raw: unknown) => {
            const error = toChatError(raw);
            after({ error }).then(
              () => subscriber.error(raw),
              (hookError: unknown) => subscriber.error(hookError),
            );
          },
          complete: () => {
            (finished ?? Promise.resolve()).then(
              () => subscriber.complete(),
              (hookError: unknown) => subscriber.error(hookError),
            );
          },
        });
      };
      if (hooks.before.length === 0) send(request);
      else
        runBefore(hooks.before, request, info).then(
          (sending) => {
            if (!closed) send(sending);
          },
          (error: unknown) => subscriber.error(error),
        );
      return () => {
        closed = true;
        current?.unsubscribe();
      };
    });
}
