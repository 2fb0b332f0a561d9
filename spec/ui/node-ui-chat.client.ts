import { AbstractChat, DefaultChatTransport, lastAssistantMessageIsCompleteWithApprovalResponses, type ChatState, type ChatStatus, type UIMessage } from 'ai';

/** The state `useChat` keeps in React, kept in plain fields (the `ai` package's `ChatState` contract). */
class PlainChatState implements ChatState<UIMessage> {
  constructor(private readonly changed: () => void) {}
  status: ChatStatus = 'ready';
  error: Error | undefined = undefined;
  messages: UIMessage[] = [];
  pushMessage = (message: UIMessage): void => this.set([...this.messages, message]);
  popMessage = (): void => this.set(this.messages.slice(0, -1));
  replaceMessage = (index: number, message: UIMessage): void => this.set(this.messages.map((m, i) => (i === index ? message : m)));
  snapshot = <T>(thing: T): T => structuredClone(thing);
  private set(messages: UIMessage[]): void {
    this.messages = messages;
    this.changed();
  }
}

/**
 * The `ai` package's own chat client (`AbstractChat`, what `useChat` wraps) in Node, over
 * `DefaultChatTransport`: the same requests, stream parsing and approval handling as in a browser.
 * Approved calls are sent back automatically, as `useChat({ sendAutomaticallyWhen })` does.
 */
export class NodeUIChat extends AbstractChat<UIMessage> {
  readonly errors: Error[] = [];
  /** The assistant's text each time the messages changed (what a UI would render, update by update). */
  readonly renders: string[] = [];
  #finished: Array<() => void> = [];

  constructor(api: string, id = `chat-${Math.random().toString(36).slice(2)}`) {
    const renders: string[] = [];
    const state = new PlainChatState(() => {
      const last = state.messages.at(-1);
      if (last?.role === 'assistant') renders.push(last.parts.map((part) => (part.type === 'text' ? part.text : '')).join(''));
    });
    const finished: Array<() => void> = [];
    const errors: Error[] = [];
    super({
      id,
      state,
      transport: new DefaultChatTransport({ api }),
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
      onError: (error) => errors.push(error),
      onFinish: () => finished.splice(0).forEach((resolve) => resolve()),
    });
    this.#finished = finished;
    this.errors = errors;
    this.renders = renders;
  }

  /** Resolves when the next response has been read to its end. */
  nextFinish(): Promise<void> {
    return new Promise((resolve) => this.#finished.push(resolve));
  }

  /** The last assistant message. */
  get answer(): UIMessage {
    const last = this.messages.at(-1);
    if (last?.role !== 'assistant') throw new Error(`the last message is ${last?.role ?? 'missing'}, not the assistant's`);
    return last;
  }

  /** The text of the last assistant message. */
  get answerText(): string {
    return this.answer.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  }
}
