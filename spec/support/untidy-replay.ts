import { lastValueFrom } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import type { ContentPart, ToolCallPart } from '../../lib/core/content-part.types';
import { Messages } from '../../lib/core/messages';
import type { ChatProvider, ProviderRequest } from '../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import { ChatError } from '../../lib/errors/chat.error';

/**
 * Untidy replays of a recorded stream, shared by every wire's conformance suite: the same body
 * (a) re-chunked at random byte boundaries (a seeded PRNG, so a failure replays the same way;
 * pieces split lines, `data:` prefixes and multi-byte UTF-8 characters) must give exactly what
 * the body written whole gives, and (b) cut off after each event must give a typed `ChatError`
 * or an answer whose parts are a true prefix of the whole answer: never a crash, a hang (the
 * test timeout) or invented parts. The longest cut that fails is also run through `Chat`: the turn
 * it leaves on the conversation is marked `interrupted`, holds only a prefix of what was said and
 * no call left to run.
 *
 * A suite supplies one function that serves the given pieces as the next HTTP answer and returns
 * the provider to stream it with (see {@link UntidyReplay}).
 *
 * @example
 * it('re-chunked and cut', () =>
 *   checkUntidyReplays(name, body, 'sse', (pieces) => {
 *     server.enqueue({ status: 200, headers: SSE, body: [...pieces] });
 *     return provider;
 *   }));
 */

/** How events are framed: SSE (a blank line ends an event) or NDJSON (a newline ends one). */
export type StreamFraming = 'sse' | 'ndjson';

/** Serves `pieces` (one write each, then a clean end) as the next answer; returns the provider to ask. */
export type UntidyReplay = (pieces: readonly Buffer[]) => ChatProvider;

const ASK: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'replay' }] }] };

/**
 * At most this many cut points per stream. A stream with more events (the recordings go up to
 * ~3,000) is cut after its first 8 and its last 8 events and at 8 more boundaries drawn by the
 * seeded PRNG in between, so that CI time grows with the number of streams, not their length.
 */
export const MAX_CUTS_PER_STREAM = 24;

/** A small seeded PRNG (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable seed from a label (FNV-1a), so each stream has its own reproducible chunking. */
export function seedOf(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Splits bytes into pieces of 1 to 64 bytes at random boundaries. The first multi-byte UTF-8
 * character and the first CRLF, when the body has them, are always cut in their middle too.
 */
export function rechunk(bytes: Buffer, random: () => number): Buffer[] {
  const cuts = new Set<number>();
  for (let at = 0; at < bytes.length; ) {
    at += 1 + Math.floor(random() * 64);
    if (at < bytes.length) cuts.add(at);
  }
  const multiByte = bytes.findIndex((b) => b >= 0xc0);
  if (multiByte !== -1) cuts.add(multiByte + 1);
  const crlf = bytes.indexOf('\r\n');
  if (crlf !== -1) cuts.add(crlf + 1);
  const sorted = [...cuts].sort((a, b) => a - b);
  return [0, ...sorted].map((from, i) => bytes.subarray(from, sorted[i] ?? bytes.length));
}

/** Byte offsets just after each event (before the end): after each blank line (SSE), each line (NDJSON). */
export function eventEnds(bytes: Buffer, framing: StreamFraming): number[] {
  const ends: number[] = [];
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x0a && byte !== 0x0d) continue;
    const empty = i === lineStart;
    if (byte === 0x0d && bytes[i + 1] === 0x0a) i++;
    if (framing === 'ndjson' ? !empty : empty) ends.push(i + 1);
    lineStart = i + 1;
  }
  return ends.filter((end) => end < bytes.length);
}

/** The cut points to try: every event end, or a bounded sample (see {@link MAX_CUTS_PER_STREAM}). */
export function cutPoints(ends: readonly number[], random: () => number): number[] {
  const all = [0, ...ends];
  if (all.length <= MAX_CUTS_PER_STREAM) return all;
  const picked = new Set([...all.slice(0, 8), ...all.slice(-8)]);
  const middle = all.slice(8, -8);
  while (picked.size < MAX_CUTS_PER_STREAM) picked.add(middle[Math.floor(random() * middle.length)]);
  return [...picked].sort((a, b) => a - b);
}

type Outcome = { readonly events: ModelStreamEvent[]; readonly error?: unknown };

/** Every event of one replay, and the error it ended with (the events before an error are kept). */
function outcome(replay: UntidyReplay, pieces: readonly Buffer[]): Promise<Outcome> {
  const events: ModelStreamEvent[] = [];
  return new Promise((resolve) => {
    replay(pieces).stream(ASK).subscribe({
      next: (event) => events.push(event),
      error: (error: unknown) => resolve({ events, error }),
      complete: () => resolve({ events }),
    });
  });
}

/** Ids chat-ts makes up when the wire has none (random): replaced by their order of appearance. */
const MADE_UP_ID = /^(call_[0-9a-f]{24}|gemini-call-[0-9a-f]{20})$/;

function normalized(value: unknown): unknown {
  const seen = new Map<string, string>();
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (typeof v !== 'string' || !MADE_UP_ID.test(v)) return v;
    if (!seen.has(v)) seen.set(v, `made-up-id-${seen.size}`);
    return seen.get(v);
  });
}

const PROGRAMMING_ERRORS = [TypeError, ReferenceError, RangeError];

function expectTypedError(label: string, error: unknown): void {
  expect({ label, typed: error instanceof ChatError, got: (error as Error)?.constructor?.name }).toEqual({ label, typed: true, got: (error as Error)?.constructor?.name });
  const cause = (error as { cause?: unknown }).cause;
  expect({ label, crash: PROGRAMMING_ERRORS.some((type) => cause instanceof type) ? String(cause) : undefined }).toEqual({ label, crash: undefined });
}

const textOf = (parts: readonly ContentPart[], type: 'text' | 'reasoning'): string =>
  parts.map((p) => (p.type === type ? p.text : '')).join('');
const callsOf = (parts: readonly ContentPart[]): unknown[] =>
  parts.filter((p): p is ToolCallPart => p.type === 'tool-call').map((c) => ({ name: c.name, arguments: c.arguments, raw: c.rawArguments }));
const streamed = (events: readonly ModelStreamEvent[], type: 'text-delta' | 'reasoning-delta'): string =>
  events.map((e) => (e.type === type ? e.delta : '')).join('');

const endedCalls = (events: readonly ModelStreamEvent[]): unknown[] =>
  callsOf(events.flatMap((e) => (e.type === 'tool-call-end' ? [e.call] : [])));
const answerParts = (events: readonly ModelStreamEvent[]): readonly ContentPart[] | undefined => {
  const last = events.at(-1);
  return last?.type === 'step-finish' ? last.response.parts : undefined;
};

/** `part` must start `whole`: a prefix of its text, the first of its calls. */
function expectPrefix(label: string, what: string, part: string | unknown[], whole: string | unknown[]): void {
  const ok = typeof part === 'string' ? (whole as string).startsWith(part) : JSON.stringify(normalized(part)) === JSON.stringify(normalized((whole as unknown[]).slice(0, part.length)));
  expect({ label, what, prefix: ok ? true : { cut: normalized(part), whole: normalized(whole) } }).toEqual({ label, what, prefix: true });
}

/**
 * A cut stream's events and answer against the whole stream's: only what was really said. An
 * answer accepted although cut must be the whole answer (the cut lost only events that carry
 * nothing: `[DONE]`, `message_stop`, a late usage chunk...), unless the recording holds several
 * responses back to back, where a cut between two of them is a whole first answer.
 */
function expectPrefixOf(label: string, cut: Outcome, whole: Outcome, severalResponses: boolean): void {
  expectPrefix(label, 'streamed text', streamed(cut.events, 'text-delta'), streamed(whole.events, 'text-delta'));
  expectPrefix(label, 'streamed reasoning', streamed(cut.events, 'reasoning-delta'), streamed(whole.events, 'reasoning-delta'));
  expectPrefix(label, 'ended tool calls', endedCalls(cut.events), endedCalls(whole.events));
  const parts = answerParts(cut.events);
  if (!parts) return;
  const fullParts = answerParts(whole.events);
  expectPrefix(label, 'answer text', textOf(parts, 'text'), fullParts ? textOf(fullParts, 'text') : streamed(whole.events, 'text-delta'));
  expectPrefix(label, 'answer reasoning', textOf(parts, 'reasoning'), fullParts ? textOf(fullParts, 'reasoning') : streamed(whole.events, 'reasoning-delta'));
  expectPrefix(label, 'answer tool calls', callsOf(parts), fullParts ? callsOf(fullParts) : endedCalls(whole.events));
  if (!severalResponses && fullParts) expect({ label, parts: normalized(parts) }).toEqual({ label, parts: normalized(fullParts) });
}

/** Options of {@link checkUntidyReplays}. */
export interface UntidyOptions {
  /** The recording holds several responses back to back (a recorder that logged a whole agent loop). */
  readonly severalResponses?: boolean;
}

/**
 * Replays one recorded stream body whole, re-chunked and cut after each event (see the file
 * comment), checking each outcome. Returns how many replays it ran.
 */
export async function checkUntidyReplays(label: string, body: string | Buffer, framing: StreamFraming, replay: UntidyReplay, options: UntidyOptions = {}): Promise<number> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const random = seededRandom(seedOf(label));
  const whole = await outcome(replay, [bytes]);
  if (whole.error !== undefined) expectTypedError(`${label} (whole)`, whole.error);

  const pieces = rechunk(bytes, random);
  const chunked = await outcome(replay, pieces);
  const tag = `${label} re-chunked into ${pieces.length} pieces (seed ${seedOf(label)})`;
  expect({ tag, events: normalized(chunked.events) }).toEqual({ tag, events: normalized(whole.events) });
  expect({ tag, error: chunked.error === undefined ? undefined : `${(chunked.error as Error).constructor.name}: ${(chunked.error as Error).message}` }).toEqual({
    tag,
    error: whole.error === undefined ? undefined : `${(whole.error as Error).constructor.name}: ${(whole.error as Error).message}`,
  });

  const cuts = cutPoints(eventEnds(bytes, framing), random);
  let longestFailing: number | undefined;
  for (const at of cuts) {
    const cut = await outcome(replay, at === 0 ? [] : [bytes.subarray(0, at)]);
    const where = `${label} cut after byte ${at} of ${bytes.length}`;
    if (cut.error !== undefined) {
      expectTypedError(where, cut.error);
      longestFailing = at;
    } else expect({ where, last: cut.events.at(-1)?.type }).toEqual({ where, last: 'step-finish' });
    expectPrefixOf(where, cut, whole, options.severalResponses === true);
  }
  if (longestFailing !== undefined) await expectInterruptedTurn(`${label} cut after byte ${longestFailing} through Chat`, replay([bytes.subarray(0, longestFailing)]), whole);
  return 2 + cuts.length + (longestFailing === undefined ? 0 : 1);
}

/** A cut stream through the engine: a typed error, and the partial turn kept as `interrupted`. */
async function expectInterruptedTurn(label: string, provider: ChatProvider, whole: Outcome): Promise<void> {
  const chat = new ChatBuilder().withModel(provider).withRetry({ maxAttempts: 1, backoff: () => 0 }).build();
  const messages = Messages.fromUser('replay');
  const error = await lastValueFrom(chat.stream(messages)).then(() => undefined, (e: unknown) => e);
  expectTypedError(label, error);
  const last = messages.last();
  if (last?.role !== 'assistant') return; // nothing was said before the cut
  expect({ label, status: last.status }).toEqual({ label, status: 'interrupted' });
  // the turn is built from the deltas: a prefix of what the whole stream streamed (a few
  // constructed recordings stream deltas that differ from their final text)
  expectPrefix(label, 'interrupted text', textOf(last.parts, 'text'), streamed(whole.events, 'text-delta'));
  const runnable = last.parts.filter((p) => p.type === 'tool-call' && !p.native && p.status === 'pending');
  expect({ label, runnable }).toEqual({ label, runnable: [] });
}
