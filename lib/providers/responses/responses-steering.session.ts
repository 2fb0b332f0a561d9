import { Observable, type Subscriber, type Subscription } from 'rxjs';
import type { ContentPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { SteerableStream } from './responses-steering.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { MessageChannel } from '../../transport/transport.types';
import type { ResponseContext } from './responses-response.mapper';
import { parseResponsesEvent } from './responses-stream.mapper';
import { ResponsesStreamState } from './responses-stream.state';

/** What a {@link ResponsesSteeringSession} needs from its provider. */
export interface SteeringSessionOptions {
  readonly provider: string;
  /** Opens the duplex exchange that sends the first request (`Transport.duplex`). */
  readonly open: (open: (channel: MessageChannel) => void) => Observable<JsonValue>;
  readonly context: ResponseContext;
  readonly warnings: readonly string[];
  /** The first request's body: an explicit continuation (input the server gave back) reuses its settings. */
  readonly body: JsonObject;
  /** `input` items of one user message holding `parts`. */
  readonly userItems: (parts: readonly ContentPart[]) => JsonValue[];
  /** The server keeps accepted input queued behind tool calls of `responseId` (`response.steer.pending`). */
  readonly onPending: (responseId: string, inputs: readonly ContentPart[][]) => void;
}

/** One response of the session: the first request's, then each successor. */
class Segment {
  readonly state: ResponsesStreamState;
  id?: string;
  readonly buffered: ModelStreamEvent[] = [];
  subscriber?: Subscriber<ModelStreamEvent>;
  ended = false;
  failure?: unknown;
  hasCalls = false;
  idWaiters: Array<(id: string | undefined) => void> = [];
  handle?: SteerableStream;

  constructor(ctx: ResponseContext) {
    this.state = new ResponsesStreamState(ctx);
  }

  emit(event: ModelStreamEvent): void {
    if (this.subscriber) this.subscriber.next(event);
    else this.buffered.push(event);
  }

  settleId(id: string | undefined): void {
    for (const waiter of this.idWaiters.splice(0)) waiter(id);
  }
}

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * EXPERIMENTAL native steering of one Responses request over a message transport (WebSocket mode,
 * `response.steer`, beta), as read from OpenAI's steering guide and event reference: input goes out
 * as `response.steer {previous_response_id, input}` once the response's id is known, and counts as
 * steered on `response.steer.accepted` (`response.steer.failed` before that is a refusal). Accepted
 * input is committed by the successor the server starts by itself (its `response.created`); the
 * session keeps the socket and streams that successor as the continuation. Input accepted for a
 * response that stops for tool results stays queued on the server (`response.steer.pending`, which
 * may come after the client sent the tool results): `onPending` records it when that response ends,
 * so the next request does not send it twice. Input the server gives back
 * after accepting it (`response.steer.failed` with the steer's id) is sent by the session itself
 * as an explicit `response.create` chained from the response.
 */
export class ResponsesSteeringSession {
  private readonly segments: Segment[] = [];
  private live = 0;
  private readonly acks: Array<{ parts: ContentPart[]; resolve: (accepted: boolean) => void }> = [];
  private outstanding: Array<{ id?: string; parts: ContentPart[] }> = [];
  private returned: ContentPart[][] = [];
  private channel?: MessageChannel;
  private subscription?: Subscription;
  private started = false;
  private closed = false;

  constructor(private readonly options: SteeringSessionOptions) {
    const first = this.segment(0);
    for (const message of options.warnings) first.emit({ type: 'warning', message });
  }

  /** The steerable handle of the session's `index`-th response (0: the request; then the continuations). */
  stream(index: number): SteerableStream {
    const seg = this.segment(index);
    seg.handle ??= {
      events: new Observable<ModelStreamEvent>((subscriber) => {
        if (index === 0) this.start();
        for (const event of seg.buffered.splice(0)) subscriber.next(event);
        if (seg.failure !== undefined) subscriber.error(seg.failure);
        else if (seg.ended) subscriber.complete();
        else if (this.closed) subscriber.error(this.noContinuation());
        else seg.subscriber = subscriber;
        return () => {
          if (seg.subscriber === subscriber) seg.subscriber = undefined;
          if (!seg.ended && !this.closed) this.cancel();
        };
      }),
      steer: (parts) => this.steer(seg, parts),
      continuation: () => this.stream(index + 1),
    };
    return seg.handle;
  }

  private segment(index: number): Segment {
    while (this.segments.length <= index) this.segments.push(new Segment(this.options.context));
    return this.segments[index];
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.subscription = this.options.open((channel) => (this.channel = channel)).subscribe({
      next: (message) => this.onMessage(message),
      error: (error: unknown) => this.close(error instanceof ChatError ? error : new InvalidResponseError(`${this.options.provider} socket failed`, { provider: this.options.provider, cause: error })),
      complete: () => this.close(undefined),
    });
  }

  private async steer(seg: Segment, parts: readonly ContentPart[]): Promise<boolean> {
    if (seg !== this.segments[this.live] || seg.ended || this.closed) return false;
    const id = seg.id ?? (await new Promise<string | undefined>((resolve) => seg.idWaiters.push(resolve)));
    if (id === undefined || seg.ended || this.closed) return false;
    return new Promise<boolean>((resolve) => {
      const message = { type: 'response.steer', previous_response_id: id, input: this.options.userItems(parts) };
      if (!this.channel?.send(message)) return resolve(false);
      this.acks.push({ parts: [...parts], resolve });
    });
  }

  private onMessage(message: JsonValue): void {
    const type = field(message, 'type');
    const steer = field(message, 'steer');
    if (type === 'response.steer.accepted') {
      const ack = this.acks.shift();
      if (ack) this.outstanding.push({ id: text(field(steer, 'id')), parts: ack.parts });
      ack?.resolve(true);
    } else if (type === 'response.steer.failed') {
      const at = this.outstanding.findIndex((o) => o.id !== undefined && o.id === text(field(steer, 'id')));
      if (at >= 0) this.returned.push(this.outstanding.splice(at, 1)[0].parts);
      else this.acks.shift()?.resolve(false);
    } else if (type === 'response.steer.pending') {
      const id = text(field(steer, 'id'));
      const queued = id === undefined ? this.outstanding.splice(0) : this.outstanding.filter((o) => o.id === id);
      this.outstanding = this.outstanding.filter((o) => !queued.includes(o));
      const parent = text(field(steer, 'previous_response_id')) ?? this.segments[this.live].id;
      if (parent && queued.length > 0) this.options.onPending(parent, queued.map((o) => o.parts));
    } else this.onResponseEvent(message, type);
    this.settle();
  }

  private onResponseEvent(message: JsonValue, type: unknown): void {
    if (type === 'response.created' && this.segments[this.live].ended) {
      // The successor's response.created commits the queued input.
      this.outstanding = [];
      this.returned = [];
      this.live++;
    }
    const seg = this.segment(this.live);
    if (seg.ended) return;
    try {
      const event = parseResponsesEvent(message, undefined);
      if (event) seg.state.handle(event, (e) => seg.emit(e));
      if (type === 'response.created' && seg.id === undefined) {
        seg.id = text(field(field(message, 'response'), 'id'));
        seg.settleId(seg.id);
      }
      if (seg.state.finished) {
        seg.state.end((e) => {
          if (e.type === 'step-finish') seg.hasCalls = e.response.parts.some((p) => p.type === 'tool-call' && !p.native);
          seg.emit(e);
        });
        this.endSegment(seg, undefined);
      }
    } catch (error) {
      this.endSegment(seg, error instanceof ChatError ? error : new InvalidResponseError(`${this.options.provider} sent an unreadable event: ${String(error)}`, { provider: this.options.provider, cause: error }));
      this.finish();
    }
  }

  /** Ends the exchange once nothing more is expected on the socket, or continues input the server gave back. */
  private settle(): void {
    const seg = this.segments[this.live];
    if (this.closed || !seg.ended || seg.failure !== undefined || this.acks.length > 0) return;
    if (seg.hasCalls && seg.id && this.outstanding.length > 0) {
      // Accepted input stays queued while the response waits for tool results (`response.steer.pending`
      // confirms it later): record it now, before the engine builds the next request, and free the socket for it.
      this.options.onPending(seg.id, this.outstanding.splice(0).map((o) => o.parts));
    }
    if (this.outstanding.length > 0) return;
    const returned = this.returned.splice(0);
    if (returned.length > 0 && !seg.hasCalls && seg.id) {
      const { input: _input, previous_response_id: _previous, ...settings } = this.options.body;
      const input = returned.flatMap((parts) => this.options.userItems(parts));
      if (this.channel?.send({ ...settings, type: 'response.create', previous_response_id: seg.id, input })) return;
    }
    this.finish();
  }

  private endSegment(seg: Segment, failure: unknown): void {
    if (seg.ended) return;
    seg.ended = true;
    seg.failure = failure;
    seg.settleId(undefined);
    const subscriber = seg.subscriber;
    seg.subscriber = undefined;
    if (!subscriber) return;
    if (failure !== undefined) subscriber.error(failure);
    else subscriber.complete();
  }

  private finish(): void {
    this.channel?.end();
  }

  /** The subscriber of a response still streaming left: close the socket (the response is cut). */
  private cancel(): void {
    this.subscription?.unsubscribe();
    this.close(undefined);
  }

  private close(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    for (const ack of this.acks.splice(0)) ack.resolve(false);
    for (const seg of this.segments) if (!seg.ended) this.endSegment(seg, seg === this.segments[this.live] && error !== undefined ? error : this.noContinuation());
  }

  private noContinuation(): InvalidResponseError {
    return new InvalidResponseError(`${this.options.provider} started no continuation for the steered input`, { provider: this.options.provider, retryable: true });
  }
}
