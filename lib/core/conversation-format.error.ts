import { ChatError } from './chat.error';

/** A saved conversation cannot be read, or a conversation operation does not fit its state. */
export class ConversationFormatError extends ChatError {}
