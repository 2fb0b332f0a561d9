import { ConfigurationError } from '../errors/configuration.error';
import type { ChatFeatureDefinition } from './chat-feature.types';
import { NestChat } from './nest-chat';

/**
 * One per application (made by `ChatModule.forRoot()`, provided by a global module):
 * the one `NestChat` handle of each name, and the chats feature modules register. Every DI token
 * of a chat resolves through it, so a name is one chat wherever it is injected.
 */
export class ChatDirectory {
  private readonly handles = new Map<string, NestChat<unknown>>();
  private readonly features = new Map<string, ChatFeatureDefinition>();

  constructor(
    /** Names the root module declares (`chatNames`, keys of `chats`): each must be configured. */
    readonly declared: readonly string[] = [],
  ) {}

  /** The handle of a chat, made on first use (built later, when the application initialises). */
  chat<T>(name: string): NestChat<T> {
    let chat = this.handles.get(name);
    if (!chat) this.handles.set(name, (chat = new NestChat<unknown>(name)));
    return chat as NestChat<T>;
  }

  /** Every handle made so far. */
  chats(): IterableIterator<NestChat<unknown>> {
    return this.handles.values();
  }

  /** Records a feature module's chat; a second, different definition of a name is an error. */
  register(definition: ChatFeatureDefinition): void {
    const existing = this.features.get(definition.name);
    if (existing && existing !== definition) {
      throw new ConfigurationError(`ChatModule.registerChat: chat "${definition.name}" is registered by two modules; register it once (in a shared module that the others import) or give each its own name`);
    }
    this.features.set(definition.name, definition);
  }

  /** The feature modules' chats, in registration order. */
  registered(): readonly ChatFeatureDefinition[] {
    return [...this.features.values()];
  }
}
