import { DEFAULT_CHAT_NAME } from './constants';

/** Metadata key of the chat names a class injects with `@InjectChat(name)`. */
const INJECTED_CHATS_METADATA = 'chat-ts:injected-chats';

/** Process-wide (every copy of chat-ts shares it, like class-validator's storage): every name `@InjectChat()` was given. */
const NAMES_KEY = Symbol.for('chat-ts.nest.injected-chat-names');

function names(): Set<string> {
  const holder = globalThis as { [NAMES_KEY]?: Set<string> };
  return (holder[NAMES_KEY] ??= new Set<string>());
}

/** Records that `target` (a class, or a prototype for a property) injects the chat `name`. */
export function recordInjectedChat(target: object, name: string): void {
  const owner = typeof target === 'function' ? target : (target as { constructor: object }).constructor;
  const own: readonly string[] = Reflect.getOwnMetadata(INJECTED_CHATS_METADATA, owner) ?? [];
  if (!own.includes(name)) Reflect.defineMetadata(INJECTED_CHATS_METADATA, [...own, name], owner);
  if (name !== DEFAULT_CHAT_NAME) names().add(name);
}

/** The chat names a class injects with `@InjectChat(name)` (its own and its ancestors'). */
export function injectedChatNames(classRef: object): readonly string[] {
  const found = new Set<string>();
  for (let c: object | null = classRef; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const name of (Reflect.getOwnMetadata(INJECTED_CHATS_METADATA, c) as string[] | undefined) ?? []) found.add(name);
  }
  return [...found];
}

/** Every named chat (not the default) some `@InjectChat(name)` in the process names so far. */
export function knownChatNames(): readonly string[] {
  return [...names()];
}
