import type { Messages } from '../../../lib/core';

/**
 * Where conversations live between requests. `Messages` round-trips through JSON
 * (`JSON.stringify(messages)` / `Messages.fromJSON(json)`), paused tool calls and their approval
 * seals included, so any key-value store, table or document database fits.
 */
export interface ConversationStore {
  load(id: string): Promise<Messages | undefined>;
  save(id: string, messages: Messages): Promise<void>;
}

/** DI token of the store. */
export const CONVERSATION_STORE = Symbol('ConversationStore');
