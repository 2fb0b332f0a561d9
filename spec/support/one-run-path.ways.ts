import { lastValueFrom } from 'rxjs';
import { toResponse, type CallOptions, type Chat, type ChatResponse, type ConversationInput } from '../../lib/chat';

/** One way to run a turn: `chat.complete()` or the collection of `chat.stream()`'s events. */
export type RunWay = <T>(chat: Chat<T>, conversation: ConversationInput, options?: CallOptions) => Promise<ChatResponse<T>>;

/**
 * The two ways into a turn that issue 26's matrix runs every engine feature through: the direct
 * `complete()` path and `lastValueFrom(stream().pipe(toResponse()))`. Use with `it.each(runWays)`.
 */
export const runWays: ReadonlyArray<readonly [name: string, run: RunWay]> = [
  ['complete()', (chat, conversation, options) => chat.complete(conversation, options)],
  ['stream()', (chat, conversation, options) => lastValueFrom(chat.stream(conversation, options).pipe(toResponse()))],
];
