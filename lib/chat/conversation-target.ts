import type { Message } from '../core/message.types';
import { Messages } from '../core/messages';
import type { ConversationInput } from './chat.types';
import { ChatError } from '../errors/chat.error';
import { ConversationFormatError } from '../errors/conversation-format.error';
import { cloneJson } from './json-clone';
import { acquireRun } from './run-lock';
import { closeAbandonedPauses } from './turn.machine';
import { isQueuedInput } from './input/user-input';

/**
 * What one `stream()` Observable wrote, so that a later subscription (re-subscribe, `retry()`)
 * redoes that turn instead of adding another: the messages from `redoFrom` on are replaced.
 */
export class TurnTracker {
  written?: readonly Message[];
  redoFrom = 0;
}

const noRelease = (): void => undefined;
/** The tail and region of a run that resumes nothing (most runs): shared, never written to. */
const NONE: Message[] = Object.freeze([]) as unknown as Message[];

function isMessages(value: ConversationInput): value is Messages {
  return typeof value === 'object' && !Array.isArray(value) && typeof (value as Messages).toArray === 'function';
}

function endsWith(items: readonly Message[], tail: readonly Message[]): boolean {
  if (tail.length > items.length) return false;
  const offset = items.length - tail.length;
  return tail.every((m, i) => items[offset + i] === m);
}

/**
 * The conversation of one run: a deep snapshot taken when the run starts (`history`, plus the
 * paused turn to resume as `tail`), and the write-back at the end that replaces exactly the
 * messages the run took over (a paused tail, a retried turn) or appends.
 */
export class ConversationTarget {
  private constructor(
    private readonly messages: Messages,
    /** Copies of the messages before the turn. */
    readonly history: Message[],
    /** Copies of a paused turn (the paused assistant message and its tool results) to resume. */
    readonly tail: Message[],
    /** The original messages the written turn replaces. */
    private readonly region: readonly Message[],
    private readonly release: () => void,
    private readonly tracker?: TurnTracker,
  ) {}

  /** Snapshots a conversation and, for a `Messages`, takes its run lock. */
  static open(input: ConversationInput, tracker?: TurnTracker): ConversationTarget {
    let messages: Messages;
    let release: () => void = noRelease;
    // a conversation made here from a string is nobody else's: it needs no defensive copy
    const fresh = typeof input === 'string';
    if (typeof input === 'string') messages = Messages.fromUser(input);
    else if (isMessages(input)) {
      messages = input;
      release = acquireRun(input);
    } else messages = new Messages(input);
    try {
      return ConversationTarget.snapshot(messages, release, tracker, fresh);
    } catch (error) {
      release();
      if (ChatError.is(error)) throw error;
      throw new ConversationFormatError(`The conversation cannot be copied: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }

  private static snapshot(messages: Messages, release: () => void, tracker: TurnTracker | undefined, fresh: boolean): ConversationTarget {
    const copy = fresh ? <T>(value: T): T => value : cloneJson;
    const items = messages.toArray();
    let end = items.length;
    if (tracker?.written && tracker.written.length > 0 && endsWith(items, tracker.written)) {
      end -= tracker.written.length - tracker.redoFrom;
    }
    let k = end - 1;
    while (k >= 0 && (items[k].role === 'tool' || isQueuedInput(items[k]))) k--;
    const tailStart = k >= 0 && items[k].role === 'assistant' && items[k].status === 'paused' ? k : end;
    const history = copy(items.slice(0, tailStart));
    closeAbandonedPauses(history, history.length, (at, m) => (history[at] = m), (at, m) => history.splice(at, 0, m));
    const resumes = tailStart < items.length;
    return new ConversationTarget(messages, history, tailStart < end ? copy(items.slice(tailStart, end)) : NONE, resumes ? items.slice(tailStart) : NONE, release, tracker);
  }

  /** Writes the turn back, once: in place of the messages it took over, or at the end. */
  write(turn: Message[], redoFrom: number): void {
    let items = this.messages.toArray();
    const regionStart = this.region.length > 0 ? items.indexOf(this.region[0]) : -1;
    closeAbandonedPauses(items, regionStart >= 0 ? regionStart : items.length, (index, m) => this.messages.splice(index, 1, m), (index, m) => this.messages.splice(index, 0, m));
    items = this.messages.toArray();
    const at = this.region.length > 0 ? items.indexOf(this.region[0]) : -1;
    if (at >= 0 && this.region.every((m, i) => items[at + i] === m)) this.messages.splice(at, this.region.length, ...turn);
    else this.messages.add(...turn);
    if (this.tracker) {
      this.tracker.written = turn;
      this.tracker.redoFrom = redoFrom;
    }
  }

  /** Frees the conversation for the next run. */
  close(): void {
    this.release();
  }
}
