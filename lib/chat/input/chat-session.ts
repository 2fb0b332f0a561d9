import { Observable, Subject, type Subscriber, type Subscription } from 'rxjs';
import type { ContentPart } from '../../core/content-part.types';
import type { Message } from '../../core/message.types';
import { Messages } from '../../core/messages';
import type { StreamEvent } from '../../core/stream-event.types';
import type { Chat } from '../chat';
import type { ConversationInput } from '../chat.types';
import { inputMessage, isQueuedInput, toInputParts } from './user-input';
import type { StreamCallOptions, UserInput } from './user-input.types';

/** Options of `chat.session()`: those of `stream()` but the input, which comes from `send()`. */
export type SessionOptions<C = unknown> = Omit<StreamCallOptions<C>, 'input'>;

/**
 * Where a session stands: `idle` (waiting for input), `running` (a turn is streaming), `paused`
 * (tool calls wait for approval: input is queued, `resume()` continues), `closed` (ended or cancelled).
 */
export type SessionState = 'idle' | 'running' | 'paused' | 'closed';

/** True when the conversation ends with a turn paused for approval (its tool results and queued input after it). */
function endsPaused(items: readonly Message[]): boolean {
  let k = items.length - 1;
  while (k >= 0 && (items[k].role === 'tool' || isQueuedInput(items[k]))) k--;
  return k >= 0 && items[k].role === 'assistant' && items[k].status === 'paused';
}

function toMessages(conversation: ConversationInput): Messages {
  if (typeof conversation === 'string') return Messages.fromUser(conversation);
  return conversation instanceof Messages ? conversation : new Messages(conversation as readonly Message[]);
}

/**
 * A duplex handle over one conversation, for apps where the user keeps typing while the model
 * answers. Built by `chat.session(messages)`.
 *
 * - `events$` streams the events of every turn (each turn ends with its `finish`); it is shared
 *   (hot): a late subscriber sees the events from then on. The first subscription starts the session (answering the conversation if it ends with a user message);
 *   when the last subscriber leaves, the session is cancelled. It completes after `end()` or
 *   `cancel()`, and errors when a turn fails.
 * - `send(input)` pushes user input: into the running turn (which is interrupted and restarted with
 *   it), as a new turn when idle, or queued behind a turn paused for approval (it never approves
 *   anything; `resume()` after the decisions sends it after the tool results).
 * - `end()` takes no more input, lets the running turn finish, then completes `events$`;
 *   `cancel()` stops now (the partial turn stays on the conversation, `interrupted`).
 *
 * @example
 * const session = chat.session(messages);
 * session.events$.pipe(textDeltas()).subscribe((t) => process.stdout.write(t));
 * session.send('Plan a weekend in Rome.');
 * setTimeout(() => session.send('Make it Naples instead.'), 500); // interrupts and restarts
 */
export class ChatSession<T = string> {
  /** The conversation the session writes to (the one given, or a copy of a plain array). */
  readonly messages: Messages;
  /** Every event of every turn; see the class description. */
  readonly events$: Observable<StreamEvent<T>>;
  private readonly events = new Subject<StreamEvent<T>>();
  private readonly options: SessionOptions;
  private current: Exclude<SessionState, 'closed'>;
  private closed = false;
  private started = false;
  private ending = false;
  private resumeAsked = false;
  private turn?: Subscription;
  private turnInput?: Subscriber<UserInput>;
  private readonly buffer: ContentPart[][] = [];
  private readonly onAbort = (): void => this.cancel();
  private readonly signal?: AbortSignal;
  /** `events` completed or errored. */
  private eventsDone = false;

  constructor(
    private readonly chat: Chat<T>,
    conversation: ConversationInput,
    options: SessionOptions = {},
  ) {
    this.messages = toMessages(conversation);
    const { signal, ...perTurn } = options;
    this.options = perTurn;
    this.current = endsPaused(this.messages.toArray()) ? 'paused' : 'idle';
    if (signal?.aborted) this.closed = true;
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.signal = signal;
    this.events$ = new Observable<StreamEvent<T>>((subscriber) => {
      const subscription = this.events.subscribe(subscriber);
      if (this.closed) this.finish();
      if (!this.started && !this.closed) this.start();
      return () => {
        subscription.unsubscribe();
        if (!this.events.observed) this.cancel();
      };
    });
  }

  /** Where the session stands. */
  get state(): SessionState {
    return this.closed ? 'closed' : this.current;
  }

  /**
   * Pushes user input (text, a part, or parts). Returns false when the session no longer takes
   * input (after `end()` or `cancel()`) or the input is empty; a part a user cannot send (a tool
   * call or result, reasoning) throws a `ConversationFormatError`.
   */
  send(input: UserInput): boolean {
    if (this.closed || this.ending) return false;
    const parts = toInputParts(input);
    if (parts.length === 0) return false;
    if (this.turnInput) {
      this.turnInput.next(parts);
      return true;
    }
    this.buffer.push(parts);
    if (this.started && !this.turn) this.flush();
    return true;
  }

  /** Runs a turn now: after approving or rejecting the pending calls of a paused turn. False while a turn runs. */
  resume(): boolean {
    if (this.closed || this.turn) return false;
    if (!this.started) return (this.resumeAsked = true);
    this.runTurn();
    return true;
  }

  /** Takes no more input; the running turn (and input already sent) is answered, then `events$` completes. */
  end(): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    if (this.started && !this.turn) this.flush();
  }

  /** Stops everything now: the running turn is aborted (kept as `interrupted`), `events$` completes. */
  cancel(): void {
    if (this.closed) return;
    this.closed = true;
    const turn = this.turn;
    this.turn = undefined;
    turn?.unsubscribe(); // the turn writes its partial messages and the input it accepted
    this.place(this.buffer.splice(0));
    this.finish();
  }

  private start(): void {
    this.started = true;
    const last = this.messages.last();
    const unanswered = last?.role === 'user' && !isQueuedInput(last);
    if (this.buffer.length > 0) return this.flush();
    if (this.resumeAsked || (unanswered && this.current === 'idle')) return this.runTurn();
    if (this.ending) this.finish();
  }

  /** Between turns: places buffered input, then runs a turn for it unless the conversation is paused. */
  private flush(): void {
    const inputs = this.buffer.splice(0);
    this.place(inputs);
    if (inputs.length > 0 && this.current !== 'paused') return this.runTurn();
    if (this.ending) this.finish();
  }

  /** Writes inputs to the conversation (queued behind a pause) and says they were accepted. */
  private place(inputs: readonly ContentPart[][]): void {
    const queued = endsPaused(this.messages.toArray());
    for (const parts of inputs) {
      this.messages.add(inputMessage(parts, queued));
      if (!this.eventsDone) this.events.next({ type: 'input-accepted', parts });
    }
  }

  private runTurn(): void {
    this.resumeAsked = false;
    this.current = 'running';
    let paused = false;
    const input = new Observable<UserInput>((subscriber) => {
      this.turnInput = subscriber;
      return () => {
        if (this.turnInput === subscriber) this.turnInput = undefined;
      };
    });
    let done = false;
    const subscription = this.chat.stream(this.messages, { ...this.options, input }).subscribe({
      next: (event) => {
        if (event.type === 'finish') paused = event.status === 'paused';
        this.events.next(event);
      },
      error: (error: unknown) => {
        done = true;
        this.turn = undefined;
        this.closed = true;
        this.eventsDone = true;
        this.signal?.removeEventListener('abort', this.onAbort);
        this.events.error(error);
      },
      complete: () => {
        done = true;
        this.turn = undefined;
        this.current = paused ? 'paused' : 'idle';
        if (!this.closed) this.flush();
      },
    });
    if (!done) this.turn = subscription;
  }

  private finish(): void {
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.eventsDone) return;
    this.eventsDone = true;
    this.events.complete();
  }
}
