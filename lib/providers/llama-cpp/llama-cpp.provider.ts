import type { Observable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { embedTexts } from './llama-cpp-embedding';
import { LLAMA_CPP_PROVIDER } from './llama-cpp-history.mapper';
import { streamGeneration } from './llama-cpp-stream';
import { runGeneration } from './llama-cpp.generation';
import type { LlamaCppModel } from './llama-cpp.model';
import { runtimeOf } from './llama-cpp-runtime.registry';

/** What a {@link LlamaCppProvider} is made of. */
export interface LlamaCppProviderConfig {
  /** The loaded model (shared by every chat using this provider). */
  readonly model: LlamaCppModel;
  /** Whether `dispose()` also disposes the model (default true). */
  readonly ownsModel?: boolean;
  /** Time source of request timeouts (default: the system clock). */
  readonly clock?: Clock;
}

/**
 * A chat provider running a local GGUF model in this process (node-llama-cpp, no HTTP, no daemon).
 * Tools stop at the model's calls (the engine runs them); structured output is generated under a
 * JSON-schema grammar, so it always parses; embeddings use the same model.
 *
 * @example
 * const provider = await new LlamaCppBuilder().withModelPath('model.gguf').build();
 * const answer = await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] });
 * await provider.dispose();
 */
export class LlamaCppProvider implements ChatProvider {
  readonly id = LLAMA_CPP_PROVIDER;
  readonly model: string;
  /** The loaded model embeds too. */
  readonly capabilities: CapabilitiesWith<true> = {
    tools: true,
    structuredOutput: true,
    streaming: true,
    embeddings: true,
    vision: false,
    nativeTools: [],
  };
  readonly embeddingBatchSize = 32;

  constructor(private readonly config: LlamaCppProviderConfig) {
    this.model = config.model.name;
  }

  /** The loaded model behind this provider. */
  get loadedModel(): LlamaCppModel {
    return this.config.model;
  }

  complete(request: ProviderRequest): Promise<ProviderResponse> {
    return runGeneration(runtimeOf(this.config.model), request, { clock: this.config.clock });
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return streamGeneration(runtimeOf(this.config.model), request, this.config.clock);
  }

  embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    return embedTexts(runtimeOf(this.config.model), request);
  }

  /** The safe form, as every provider shows itself: provider id and model. */
  toJSON(): { provider: string; model: string } {
    return { provider: this.id, model: this.model };
  }

  /** `util.inspect` shows the provider id and model, not the loaded model's native handles. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `LlamaCppProvider { provider: ${JSON.stringify(this.id)}, model: ${JSON.stringify(this.model)} }`;
  }

  /** Frees the model when this provider owns it. */
  async dispose(): Promise<void> {
    if (this.config.ownsModel ?? true) await this.config.model.dispose();
  }
}
