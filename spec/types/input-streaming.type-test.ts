/**
 * Type tests for input streaming, compiled by spec/package/types.spec.ts in a consumer
 * project against the packed tarball's `.d.ts` (not run by jest).
 * Each `@ts-expect-error` line must fail to compile; if it compiles, tsc reports the unused directive.
 */
import { of, type Observable } from 'rxjs';
import type { Chat, ChatSession, SessionState, UserInput, ContentPart, Messages, StreamEvent } from 'chat-ts';

declare const chat: Chat<{ city: string }>;
declare const messages: Messages;
declare const parts: ContentPart[];

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

// the input side takes text, a part or parts; the output side keeps the chat's output type
const input: Observable<UserInput> = of('text', parts[0], parts);
const out = chat.stream(messages, { input });
assertType<Equals<typeof out, Observable<StreamEvent<{ city: string }>>>>();
// @ts-expect-error numbers are not user input
chat.stream(messages, { input: of(42) });
// @ts-expect-error complete() takes no input stream
void chat.complete(messages, { input: of('x') });
chat.stream(messages, { input: of('x'), inputHandling: { coalesceMs: 10, runningTools: 'abort', experimentalNativeSteering: true } });
// @ts-expect-error runningTools is 'finish' or 'abort'
chat.stream(messages, { input: of('x'), inputHandling: { runningTools: 'kill' } });

// the session: typed both ways
const session: ChatSession<{ city: string }> = chat.session(messages, { inputHandling: { coalesceMs: 0 } });
assertType<Equals<typeof session.events$, Observable<StreamEvent<{ city: string }>>>>();
assertType<Equals<ReturnType<typeof session.send>, boolean>>();
assertType<Equals<typeof session.state, SessionState>>();
session.send('text');
session.send(parts);
// @ts-expect-error a session's input comes from send(), not an option
chat.session(messages, { input: of('x') });
// @ts-expect-error send() takes user input only
session.send({ text: 'missing type' });
