import type { JsonObject, JsonValue } from '../../core/json.types';

/**
 * How a session's sockets answer `response.steer`:
 * - `accept` (default): `response.steer.accepted`; the response in flight ends at the next event
 *   boundary as `response.incomplete` (`incomplete_details.reason: 'steered'`) and a successor
 *   response that continues with the input follows by itself (a response ending in function calls
 *   is not cut: `response.steer.pending` follows `response.completed`, and the input is prepended
 *   to the client's next `response.create` chained from it);
 * - `refuse`: `response.steer.failed` at once (as for a model that cannot steer);
 * - `fail-after-accept`: accepted, then returned with `response.steer.failed` when the response
 *   ends (the input could not be committed): no successor.
 */
export type SteeringMode = 'accept' | 'refuse' | 'fail-after-accept';

/** A `response.steer` the emulator received, and what it answered. */
export interface ReceivedSteer {
  readonly socket: number;
  readonly message: JsonValue;
  readonly outcome: 'accepted' | 'failed';
}

interface Accepted {
  readonly id: string;
  readonly previous: string;
  readonly input: JsonValue[];
}

const asObject = (value: unknown): JsonObject | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined);

/** `input` of a steer: a string is one user message; an array holds user messages. */
function steerItems(input: JsonValue | undefined): JsonValue[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [{ role: 'user', content: [{ type: 'input_text', text: input }] }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  return input.every((item) => asObject(item)?.role === 'user') ? input : undefined;
}

/**
 * The steering side of one emulated socket (the Responses API's `response.steer`, beta), written
 * from OpenAI's steering guide and WebSocket event reference as read offline: input is accepted
 * only for the response in flight (`previous_response_id` = its id), acknowledged with
 * `response.steer.accepted {steer: {id, previous_response_id}}`, and committed by the successor's
 * `response.created`. Refusals are `response.steer.failed {steer: {id?, previous_response_id, input}, error: {code, message}}`.
 */
export class SocketSteering {
  private running?: string;
  private accepted: Accepted[] = [];
  private readonly queued = new Map<string, Accepted[]>();
  private sequence = 0;
  private ids = 0;

  constructor(
    private readonly socket: number,
    private readonly send: (value: JsonValue) => void,
    private readonly mode: () => SteeringMode,
    private readonly log: (steer: ReceivedSteer) => void,
  ) {}

  /** Answers a `response.steer` message at once (it never waits behind the response in flight). */
  handle(message: JsonObject): void {
    const previous = typeof message.previous_response_id === 'string' ? message.previous_response_id : '';
    const input = steerItems(message.input);
    const extra = Object.keys(message).filter((k) => !['type', 'previous_response_id', 'input'].includes(k));
    const fail = (code: string, text: string): void => {
      this.log({ socket: this.socket, message, outcome: 'failed' });
      this.send({ type: 'response.steer.failed', sequence_number: this.sequence++, steer: { previous_response_id: previous, input: message.input ?? null }, error: { code, message: text } });
    };
    if (!input || extra.length > 0) return fail('invalid_steer', `response.steer takes type, previous_response_id and a non-empty user input${extra.length ? ` (unknown: ${extra.join(', ')})` : ''}.`);
    if (!this.running || previous !== this.running) return fail('response_not_active', `Response '${previous}' is not in progress on this connection.`);
    if (this.mode() === 'refuse') return fail('steering_not_supported', 'This model does not support steering.');
    const steer: Accepted = { id: `steer_${String(++this.ids).padStart(6, '0')}`, previous, input };
    this.accepted.push(steer);
    this.log({ socket: this.socket, message, outcome: 'accepted' });
    this.send({ type: 'response.steer.accepted', sequence_number: this.sequence++, steer: { id: steer.id, previous_response_id: previous } });
  }

  /** A response started streaming: steering may target it. */
  started(id: string): void {
    this.running = id;
  }

  /** Accepted input waits: the response in flight ends at the next safe boundary (unless it ends in function calls). */
  get cutRequested(): boolean {
    return this.accepted.length > 0 && this.mode() === 'accept';
  }

  /**
   * The response in flight ended. Returns the input its successor continues with (empty: no
   * successor). With `fail-after-accept`, the accepted input is returned as failed instead; a
   * response ending in `calls` keeps it queued and says `response.steer.pending`.
   */
  finish(id: string, calls: readonly JsonObject[]): JsonValue[] {
    this.running = undefined;
    const steers = this.accepted.splice(0);
    if (steers.length === 0) return [];
    if (this.mode() === 'fail-after-accept') {
      for (const s of steers) {
        this.send({ type: 'response.steer.failed', sequence_number: this.sequence++, steer: { id: s.id, previous_response_id: s.previous, input: s.input }, error: { code: 'steering_commit_failed', message: 'The steering input could not be committed.' } });
      }
      return [];
    }
    if (calls.length > 0) {
      this.queued.set(id, [...(this.queued.get(id) ?? []), ...steers]);
      const required_input = calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id ?? null, name: c.name ?? null }));
      for (const s of steers) {
        this.send({ type: 'response.steer.pending', sequence_number: this.sequence++, steer: { id: s.id, previous_response_id: s.previous }, reason: 'waiting_for_required_input', required_input });
      }
      return [];
    }
    return steers.flatMap((s) => s.input);
  }

  /** Input queued behind function calls of `previous`: prepended to the continuation chained from it. */
  takeQueued(previous: unknown): JsonValue[] {
    if (typeof previous !== 'string') return [];
    const steers = this.queued.get(previous) ?? [];
    this.queued.delete(previous);
    return steers.flatMap((s) => s.input);
  }
}

/** The body of an automatic successor: the parent's settings, chained from it, with the steered input. */
export function successorBody(parent: JsonObject, previous: string, input: JsonValue[]): JsonObject {
  const { type: _type, input: _input, ...settings } = parent;
  return { ...settings, previous_response_id: previous, input };
}

/**
 * Follows the events a response sent, to end it early as steered: `response.incomplete` with the
 * items finished so far and the text streamed so far.
 */
export class SentOutput {
  private created: JsonObject = {};
  private readonly done: JsonObject[] = [];
  private message?: JsonObject;
  private text = '';

  observe(event: JsonObject): void {
    const item = asObject(event.item);
    switch (event.type) {
      case 'response.created':
        this.created = asObject(event.response) ?? {};
        return;
      case 'response.output_item.added':
        if (item?.type === 'message') this.message = item;
        return;
      case 'response.output_text.delta':
        this.text += typeof event.delta === 'string' ? event.delta : '';
        return;
      case 'response.output_item.done':
        if (item?.type === 'message') this.message = undefined;
        if (item) this.done.push(item);
        return;
    }
  }

  /** True once some output text went out (a safe place to stop). */
  get started(): boolean {
    return this.text !== '' || this.done.length > 0;
  }

  /** The terminal event of a response cut for steering input. */
  incomplete(usage: JsonValue | undefined): JsonObject {
    const partial = this.message
      ? [{ ...this.message, status: 'incomplete', content: [{ type: 'output_text', text: this.text, annotations: [], logprobs: [] }] }]
      : [];
    const response = { ...this.created, status: 'incomplete', incomplete_details: { reason: 'steered' }, output: [...this.done, ...partial], usage: usage ?? null };
    return { type: 'response.incomplete', response };
  }
}
