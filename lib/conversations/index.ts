/** Paused conversations shared by every instance: save, approve or reject, resume exactly once. */
export {
  ConversationService,
} from './conversation.service';
export type {
  ConversationServiceOptions,
  LoadedConversation,
} from './conversation.service';
export {
  MemoryConversationStore,
} from './memory-conversation.store';
