import type { ContentPart, ToolCallPart, ToolResultPart } from './content-part.types';
import type { JsonValue } from './json.types';
import type { Message } from './message.types';
import { ConversationFormatError } from './conversation-format.error';
import { validateMessage } from './message.validator';
import { withToolCall } from './frozen-message.helpers';

/** Current version of the saved conversation format. */
export const CONVERSATION_FORMAT_VERSION = 1;

/** A saved conversation: what `JSON.stringify(messages)` writes and `Messages.fromJSON` reads. */
export interface SerializedConversation {
  readonly formatVersion: number;
  readonly messages: Message[];
}

type Content = string | ContentPart | readonly ContentPart[];

function toParts(content: Content): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? [...(content as readonly ContentPart[])] : [content as ContentPart];
}

const RUN = Symbol('chat-ts.active-run');

/**
 * A conversation: an ordered, mutable list of messages that belongs to the caller.
 * A `Chat` reads it when a call begins and appends the call's turn once, at the end.
 *
 * @example
 * const messages = Messages.fromUser('What is the weather in Paris?');
 * const reply = await chat.complete(messages);
 * messages.user('And in Rome?');
 * fs.writeFileSync('chat.json', JSON.stringify(messages));
 * const again = Messages.fromJSON(fs.readFileSync('chat.json', 'utf8'));
 */
export class Messages implements Iterable<Message> {
  private readonly items: Message[];
  /** @internal the run currently working on this conversation. */
  [RUN]?: object;

  constructor(messages: readonly Message[] = []) {
    this.items = [...messages];
  }

  /** A conversation that starts with one user message. */
  static fromUser(content: Content): Messages {
    return new Messages([{ role: 'user', parts: toParts(content) }]); // sized to its one message (a push would grow it to 17 slots)
  }

  /** A conversation with a system message then a user message. */
  static fromSystemAndUser(system: string, user: Content): Messages {
    return new Messages([
      { role: 'system', parts: [{ type: 'text', text: system }] },
      { role: 'user', parts: toParts(user) },
    ]);
  }

  /** Reads a conversation saved with `JSON.stringify(messages)` (a string or the parsed object). */
  static fromJSON(json: string | SerializedConversation): Messages {
    let data: unknown = json;
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json);
      } catch (e) {
        throw new ConversationFormatError(`Saved conversation is not JSON: ${(e as Error).message}`);
      }
    }
    if (typeof data !== 'object' || data === null || !Array.isArray((data as SerializedConversation).messages)) {
      throw new ConversationFormatError('Saved conversation must be an object with a `messages` array');
    }
    const version = (data as SerializedConversation).formatVersion;
    if (typeof version !== 'number' || version < 1 || version > CONVERSATION_FORMAT_VERSION) {
      throw new ConversationFormatError(
        `Unsupported conversation formatVersion ${String(version)} (this chat-ts reads 1..${CONVERSATION_FORMAT_VERSION})`,
      );
    }
    const messages = (data as SerializedConversation).messages;
    messages.forEach((m, i) => validateMessage(m, i));
    return new Messages(structuredClone(messages));
  }

  /** Appends a system message. */
  system(text: string): this {
    return this.add({ role: 'system', parts: [{ type: 'text', text }] });
  }

  /** Appends a user message (text or parts: images, files). */
  user(content: Content): this {
    return this.add({ role: 'user', parts: toParts(content) });
  }

  /** Appends an assistant message (e.g. a few-shot example). */
  assistant(content: Content): this {
    return this.add({ role: 'assistant', parts: toParts(content), status: 'completed' });
  }

  /** Appends messages as they are. */
  add(...messages: Message[]): this {
    this.items.push(...messages);
    return this;
  }

  /**
   * Removes `deleteCount` messages from `start` and inserts `replacement` there; returns the removed
   * messages. The engine uses it to write a resumed paused turn, or a retried interrupted one, in place.
   */
  splice(start: number, deleteCount: number, ...replacement: Message[]): Message[] {
    return this.items.splice(start, deleteCount, ...replacement);
  }

  /** Number of messages. */
  get length(): number {
    return this.items.length;
  }

  /** Message at `index` (negative counts from the end). */
  at(index: number): Message | undefined {
    return this.items.at(index);
  }

  /** The last message, if any. */
  last(): Message | undefined {
    return this.items[this.items.length - 1];
  }

  /** A read-only view of the messages (live: reflects later changes). */
  toArray(): readonly Message[] {
    return this.items;
  }

  [Symbol.iterator](): Iterator<Message> {
    return this.items[Symbol.iterator]();
  }

  /** Every tool call on the conversation, oldest first. */
  toolCalls(): ToolCallPart[] {
    return this.items.flatMap((m) => m.parts.filter((p): p is ToolCallPart => p.type === 'tool-call'));
  }

  /** Every tool result on the conversation. */
  toolResults(): ToolResultPart[] {
    return this.items.flatMap((m) => m.parts.filter((p): p is ToolResultPart => p.type === 'tool-result'));
  }

  /** The tool call with this id. */
  findToolCall(id: string): ToolCallPart | undefined {
    return this.toolCalls().find((c) => c.id === id);
  }

  /** Tool calls waiting for a person's decision. */
  pendingToolCalls(): ToolCallPart[] {
    return this.toolCalls().filter((c) => c.status === 'pending' || c.status === 'deferred');
  }

  /**
   * Approves a pending tool call, optionally with edited arguments (validated like the model's
   * when the call runs). It runs on the next `chat.stream()` / `chat.complete()`. The message
   * holding the call is replaced by a new value (messages and parts are never changed in place).
   */
  approve(id: string, options: { arguments?: JsonValue; decidedBy?: string } = {}): this {
    return this.decide(id, (call) => ({ ...call, status: 'approved', approval: { ...call.approval, editedArguments: options.arguments, decidedBy: options.decidedBy } }));
  }

  /** Rejects a pending tool call; the model receives the reason as the call's result. */
  reject(id: string, reason = 'Rejected by the user', options: { decidedBy?: string } = {}): this {
    return this.decide(id, (call) => ({ ...call, status: 'rejected', approval: { ...call.approval, reason, decidedBy: options.decidedBy } }));
  }

  /** The saved form; `JSON.stringify(messages)` calls it. */
  toJSON(): SerializedConversation {
    return { formatVersion: CONVERSATION_FORMAT_VERSION, messages: this.items };
  }

  /** A deep copy. */
  clone(): Messages {
    return new Messages(structuredClone(this.items));
  }

  /** Replaces the message holding the pending call `id` with one where the call is decided (parts are never changed in place). */
  private decide(id: string, change: (call: ToolCallPart) => ToolCallPart): this {
    const at = this.items.findIndex((m) => m.parts.some((p) => p.type === 'tool-call' && p.id === id));
    const call = this.findToolCall(id);
    if (at < 0 || !call) throw new ConversationFormatError(`No tool call with id "${id}" on this conversation`);
    if (call.status !== 'pending' && call.status !== 'deferred') {
      throw new ConversationFormatError(`Tool call "${id}" is ${call.status}, not pending approval`);
    }
    this.items[at] = withToolCall(this.items[at], id, change);
    return this;
  }
}

/** @internal used by the engine to refuse two runs on one conversation at once. */
export const ACTIVE_RUN: typeof RUN = RUN;
