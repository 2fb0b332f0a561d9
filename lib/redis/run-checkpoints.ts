import { concatMap, defer, from, map, Observable, of } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.types';
import type { ChatProvider, ProviderCapabilities, ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { ToolContext, ToolDefinition } from '../core/tool.types';
import { DEFAULT_REDIS_PREFIX, type RedisClient, type RedisStoreOptions } from './redis-options.types';

/** Options of {@link RedisRunCheckpoints}. */
export interface RedisRunCheckpointsOptions extends RedisStoreOptions {
  /** The run (e.g. the queue job id): its attempts share the checkpoints. */
  readonly runId: string;
  /** How long checkpoints are kept after the last one, ms (default 24 h). */
  readonly retentionMs?: number;
}

/**
 * Checkpoints of one run, so a retried run repeats nothing: every model response is saved as the
 * run's step N, every tool result under its call id. A retried attempt runs the same turn again
 * from the same conversation — its model requests are answered from the saved steps (no upstream
 * call) and its completed tools return their saved results (the tool does not run again), until it
 * reaches the point where the last attempt died, and goes on from there. The approval gate is
 * untouched: a gated tool still never runs unapproved. Key: `<prefix>ckpt:{<runId>}` (a hash).
 *
 * @example
 * const checkpoints = new RedisRunCheckpoints({ redis, runId: job.id });
 * const chat = new ChatBuilder().withModel(checkpoints.provider(provider)).withTools(checkpoints.tools(tools)).build();
 */
export class RedisRunCheckpoints {
  readonly #redis: RedisClient;
  private readonly key: string;
  private readonly retentionMs: number;

  constructor(options: RedisRunCheckpointsOptions) {
    this.#redis = options.redis;
    this.key = `${options.prefix ?? DEFAULT_REDIS_PREFIX}ckpt:{${options.runId}}`;
    this.retentionMs = options.retentionMs ?? 86_400_000;
  }

  /** The provider, with its responses saved and replayed as the run's steps. Use one per attempt. */
  provider(inner: ChatProvider): ChatProvider {
    return new CheckpointedProvider(inner, this);
  }

  /** The tools, with their results saved and replayed by call id. */
  tools(tools: readonly ToolDefinition[]): ToolDefinition[] {
    return tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      metadata: tool.metadata,
      validate: (args) => tool.validate(args),
      execute: async (args: unknown, context: ToolContext) => {
        const saved = await this.#redis.hget(this.key, `tool:${context.callId}`);
        if (saved !== null) return JSON.parse(saved) as unknown;
        const result = await tool.execute(args, context);
        await this.put(`tool:${context.callId}`, result === undefined ? null : result);
        return result;
      },
    }));
  }

  /** A saved model step, if any. */
  async step(n: number): Promise<ProviderResponse | undefined> {
    const saved = await this.#redis.hget(this.key, `step:${n}`);
    return saved === null ? undefined : (JSON.parse(saved) as ProviderResponse);
  }

  /** Saves a model step. */
  saveStep(n: number, response: ProviderResponse): Promise<void> {
    return this.put(`step:${n}`, response);
  }

  /** Removes the run's checkpoints (once its result is saved). */
  async clear(): Promise<void> {
    await this.#redis.del(this.key);
  }

  private async put(field: string, value: unknown): Promise<void> {
    await this.#redis.multi().hset(this.key, field, JSON.stringify(value)).pexpire(this.key, this.retentionMs).exec();
  }
}

/** A provider whose N-th successful response of the run is saved, and replayed when the run is retried. */
class CheckpointedProvider implements ChatProvider {
  readonly id: string;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  readonly embeddingBatchSize?: number;
  readonly embeddingBatchTokens?: number;
  private next = 0;

  constructor(
    private readonly inner: ChatProvider,
    private readonly checkpoints: RedisRunCheckpoints,
  ) {
    this.id = inner.id;
    this.model = inner.model;
    this.capabilities = inner.capabilities;
    if (inner.embeddingBatchSize !== undefined) this.embeddingBatchSize = inner.embeddingBatchSize;
    if (inner.embeddingBatchTokens !== undefined) this.embeddingBatchTokens = inner.embeddingBatchTokens;
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const n = this.next;
    const saved = await this.checkpoints.step(n);
    if (saved) {
      this.next = n + 1;
      return saved;
    }
    const response = await this.inner.complete(request);
    await this.checkpoints.saveStep(n, response);
    this.next = n + 1;
    return response;
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return defer(() => {
      const n = this.next;
      return from(this.checkpoints.step(n)).pipe(
        concatMap((saved) => {
          if (saved) {
            this.next = n + 1;
            // the deltas of a replayed step were relayed by the attempt that made it: only its end is replayed
            return of<ModelStreamEvent>({ type: 'step-finish', response: saved });
          }
          return this.inner.stream(request).pipe(
            concatMap((event) => {
              if (event.type !== 'step-finish') return of(event);
              return from(this.checkpoints.saveStep(n, event.response)).pipe(
                map(() => {
                  this.next = n + 1;
                  return event;
                }),
              );
            }),
          );
        }),
      );
    });
  }

  embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    return this.inner.embed(request);
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}
