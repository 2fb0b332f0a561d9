import { randomUUID } from 'node:crypto';
import { Observable, type Subscription } from 'rxjs';
import type { JsonObject } from '../core/json.types';
import { isChatError } from '../core/chat.error';
import { ConfigurationError } from '../errors/configuration.error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { StreamRelayError } from '../errors/stream-relay.error';
import { APPEND_EVENT_SCRIPT } from './run-stream.lua';
import { DEFAULT_REDIS_PREFIX, type RedisClient, type RedisStoreOptions } from './redis-options.types';
import { RedisScript } from './redis-script';
import type { RelayedEvent, RunEndEvent, RunOutcome } from './relayed-event.types';

/** Options of {@link RedisRunStreams}. */
export interface RedisRunStreamsOptions extends RedisStoreOptions {
  /** Events kept per run, about (`XADD MAXLEN ~`; default 10,000): older ones are trimmed. */
  readonly maxEvents?: number;
  /** How long a run's events stay readable after its last event, ms (default 1 h). */
  readonly retentionMs?: number;
  /** How long one blocking read waits before it asks again, ms (default 5 s). */
  readonly blockMs?: number;
}

/** Options of {@link RedisRunStreams.publish}. */
export interface PublishOptions {
  /** Runs after the source ended, before `run-end` is appended (e.g. save the final turn). */
  readonly beforeEnd?: (result: RunResult) => Promise<unknown> | void;
}

/** How a published run ended. */
export interface RunResult {
  readonly outcome: RunOutcome;
  /** The run's error when it failed. */
  readonly error?: unknown;
}

const appendScript = new RedisScript(APPEND_EVENT_SCRIPT);
const STREAM_ID = /^\d+-\d+$/;

function errorJson(error: unknown): JsonObject {
  if (isChatError(error)) return JSON.parse(JSON.stringify(error)) as JsonObject;
  return { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Resumable runs over Redis Streams. The instance running a chat turn `publish`es its events as
 * they happen; any instance `read`s them from the start or after a `Last-Event-ID` — a client that
 * reconnects gets the rest of the same answer, no second model request — and any instance can
 * `stop` the run: the instance running it unsubscribes (the upstream HTTP request closes, the
 * partial turn stays on the conversation) and the stream ends with `run-end` (`stopped`).
 * Keys: `<prefix>run:{<id>}:events` (the stream, trimmed to about `maxEvents`, expiring
 * `retentionMs` after its last event) and `<prefix>run:{<id>}:stop` (the stop flag and channel).
 *
 * @example
 * import Redis from 'ioredis';
 * import { RedisRunStreams, sseFrame } from 'chat-ts/redis';
 *
 * const streams = new RedisRunStreams({ redis: new Redis() });
 * void streams.publish('run-1', chat.stream(messages)); // where the run executes
 * streams.read('run-1', lastEventId).subscribe((e) => res.write(sseFrame(e))); // on any instance
 * await streams.stop('run-1'); // on any instance
 */
export class RedisRunStreams {
  readonly #redis: RedisClient;
  private readonly prefix: string;
  private readonly maxEvents: number;
  private readonly retentionMs: number;
  private readonly blockMs: number;

  constructor(options: RedisRunStreamsOptions) {
    this.#redis = options.redis;
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.maxEvents = options.maxEvents ?? 10_000;
    this.retentionMs = options.retentionMs ?? 3_600_000;
    this.blockMs = options.blockMs ?? 5_000;
    for (const [name, value] of [['maxEvents', this.maxEvents], ['retentionMs', this.retentionMs], ['blockMs', this.blockMs]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`RedisRunStreams: ${name} must be a whole number >= 1 (got ${String(value)})`, { provider: 'redis' });
    }
  }

  /** The Redis key of a run's event stream. */
  eventsKey(runId: string): string {
    return `${this.prefix}run:{${runId}}:events`;
  }

  /**
   * Runs `source` (e.g. `chat.stream(messages)`), appending each event to the run's stream, until it
   * completes, fails, or a `stop` arrives from any instance; then appends `run-end`. Redis restarting
   * mid-run (with persistence) is survived: ioredis reconnects and resends the queued appends, and
   * an append resent after the server had already run it is not added twice. When Redis
   * fails, the run is stopped and the promise rejects with a `StreamRelayError`.
   *
   * `options.beforeEnd` runs after the source ended and before `run-end` is appended — e.g. to save
   * the final turn, so a client that reloads the conversation on `run-end` finds it. When it throws,
   * `run-end` says `failed` and the promise rejects with its error.
   *
   * @example
   * await streams.publish(runId, chat.stream(messages), { beforeEnd: () => store.save(id, messages.toJSON(), version) });
   */
  publish(runId: string, source: Observable<{ readonly type: string }>, options: PublishOptions = {}): Promise<RunResult> {
    const key = this.eventsKey(runId);
    const stopKey = this.stopKey(runId);
    const listener = this.#redis.duplicate();
    let subscription: Subscription | undefined;
    let writes: Promise<unknown> = Promise.resolve();
    let relayError: unknown;
    let ended = false;
    // (publisher id, number) of each event, so an append ioredis resends after a reconnect is not added twice
    const pub = randomUUID();
    let seq = 0;
    return new Promise<RunResult>((resolve, reject) => {
      const append = (event: object): void => {
        const n = ++seq;
        writes = writes.then(() => (relayError ? undefined : appendScript.run(this.#redis, [key], [this.maxEvents, JSON.stringify(event), this.retentionMs, n, pub]))).catch((error: unknown) => {
          relayError ??= error;
          end('failed', error);
        });
      };
      const end = (outcome: RunOutcome, error?: unknown): void => {
        if (ended) return;
        ended = true;
        subscription?.unsubscribe();
        let hookFailed = false;
        const beforeEnd = options.beforeEnd;
        void writes
          .then(() => (beforeEnd && !relayError ? beforeEnd(error === undefined ? { outcome } : { outcome, error }) : undefined))
          .catch((hookError: unknown) => {
            hookFailed = true;
            outcome = 'failed';
            error = hookError;
          })
          .then(() => {
            const last: RunEndEvent = error === undefined ? { type: 'run-end', outcome } : { type: 'run-end', outcome, error: errorJson(error) };
            append(last);
            return writes;
          })
          .then(() => {
            listener.disconnect();
            if (relayError) reject(new StreamRelayError(`Relaying run "${runId}" to Redis failed: ${(relayError as Error)?.message ?? String(relayError)}`, { provider: 'redis', cause: relayError }));
            else if (hookFailed) reject(error);
            else resolve(error === undefined ? { outcome } : { outcome, error });
          });
      };
      listener.on('message', () => end('stopped'));
      listener
        .subscribe(stopKey)
        .then(() => this.#redis.exists(stopKey))
        .then(
          (stopped) => {
            if (stopped) return end('stopped');
            if (ended) return;
            subscription = source.subscribe({ next: append, error: (error: unknown) => end('failed', error), complete: () => end('completed') });
            if (ended) subscription.unsubscribe();
          },
          (error: unknown) => {
            relayError = error;
            end('failed', error);
          },
        );
    });
  }

  /**
   * The run's events from the start, or after `lastEventId` (an SSE `Last-Event-ID`), live until its
   * `run-end`. Cold: each subscription reads on its own connection; unsubscribing closes it.
   */
  read(runId: string, lastEventId?: string): Observable<RelayedEvent> {
    if (lastEventId !== undefined && !STREAM_ID.test(lastEventId)) {
      throw new InvalidRequestError(`Last-Event-ID must be a stream entry id such as 1700000000000-0 (got ${JSON.stringify(lastEventId.slice(0, 40))})`, { provider: 'redis' });
    }
    const key = this.eventsKey(runId);
    return new Observable<RelayedEvent>((subscriber) => {
      const reader = this.#redis.duplicate();
      let closed = false;
      let last = lastEventId ?? '0-0';
      const loop = async (): Promise<void> => {
        while (!closed) {
          const reply = (await reader.xread('COUNT', 500, 'BLOCK', this.blockMs, 'STREAMS', key, last)) as Array<[string, Array<[string, string[]]>]> | null;
          for (const [, entries] of reply ?? []) {
            for (const [id, fields] of entries) {
              last = id;
              const event = JSON.parse(fields[fields.indexOf('data') + 1]) as RelayedEvent['event'];
              subscriber.next({ id, event });
              if (event.type === 'run-end') return subscriber.complete();
            }
          }
        }
      };
      loop()
        .catch((error: unknown) => {
          if (!closed) subscriber.error(new StreamRelayError(`Reading run "${runId}" from Redis failed: ${(error as Error)?.message ?? String(error)}`, { provider: 'redis', cause: error }));
        })
        .finally(() => reader.disconnect());
      return () => {
        closed = true;
        reader.disconnect();
      };
    });
  }

  /** Stops the run wherever it executes (now, or as soon as it starts within the retention time). */
  async stop(runId: string): Promise<void> {
    const stopKey = this.stopKey(runId);
    await this.#redis.set(stopKey, '1', 'PX', this.retentionMs);
    await this.#redis.publish(stopKey, 'stop');
  }

  private stopKey(runId: string): string {
    return `${this.prefix}run:{${runId}}:stop`;
  }
}
