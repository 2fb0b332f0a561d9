import { Messages } from '../../../lib/core';
import type { ConversationStore } from './conversation.store';

/** The default store: JSON strings in a map (the same bytes a database would hold). */
export class InMemoryConversationStore implements ConversationStore {
  private readonly saved = new Map<string, string>();

  async load(id: string): Promise<Messages | undefined> {
    const json = this.saved.get(id);
    return json === undefined ? undefined : Messages.fromJSON(json);
  }

  async save(id: string, messages: Messages): Promise<void> {
    this.saved.set(id, JSON.stringify(messages));
  }
}
