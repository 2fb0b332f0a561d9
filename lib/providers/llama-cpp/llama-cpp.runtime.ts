import { basename } from 'node:path';
import type { LlamaChat, LlamaContext, LlamaEmbeddingContext, LlamaGrammar, LlamaModel, GbnfJsonSchema } from 'node-llama-cpp';
import { ConfigurationError } from '../../errors/configuration.error';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { ModelFileError } from '../../errors/model-file.error';
import { acquireBackend, type LlamaBackendLease } from './llama-cpp-backend';
import { checkModelFile } from './llama-cpp-model-file.check';
import { loadNodeLlamaCpp, type NodeLlamaCppModule } from './llama-cpp-module.loader';
import type { GrammarSchema } from './llama-cpp-schema.adapter';
import { canForceCalls, forcedCallWrapper } from './llama-cpp-forced-call.wrapper';
import { SequencePool } from './llama-cpp-sequence.pool';
import { LLAMA_CPP_DEFAULTS, resolveOptions, type LlamaCppModelOptions } from './llama-cpp.options';

const GRAMMAR_CACHE_SIZE = 32;

/** One context sequence and the chats that generate on it (one request at a time). */
export interface SequenceSlot {
  readonly chat: LlamaChat;
  /** The chat that must call a function, when the chat format allows forcing calls. */
  forced(): LlamaChat | undefined;
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}

/** Loaded llama.cpp objects behind one `LlamaCppModel`; internal to the provider. */
export class LlamaCppRuntime {
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private embedding?: Promise<LlamaEmbeddingContext>;
  private readonly running = new Set<{ abort(reason: unknown): void; done: Promise<unknown> }>();
  private disposing?: Promise<void>;
  private finalCount?: number;

  private constructor(
    readonly module: NodeLlamaCppModule,
    private readonly backend: LlamaBackendLease,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly pool: SequencePool<SequenceSlot>,
    readonly name: string,
    readonly options: ReturnType<typeof resolveOptions>,
    private readonly slots: readonly SequenceSlot[],
  ) {}

  /** Checks the file, loads node-llama-cpp, the backend, the model and one context with its sequences. */
  static async create(input: LlamaCppModelOptions): Promise<LlamaCppRuntime> {
    const options = resolveOptions(input);
    await checkModelFile(options.modelPath);
    const module = await loadNodeLlamaCpp(options.moduleSpecifier);
    const backend = await acquireBackend(module, options.gpu, options.logLevel);
    let model: LlamaModel | undefined;
    try {
      model = await backend.llama.loadModel({
        modelPath: options.modelPath,
        gpuLayers: options.gpu === 'off' ? 0 : (options.gpuLayers ?? 'auto'),
      });
      const trained = model.trainContextSize;
      const context = await model
        .createContext({
          contextSize: options.contextSize ?? {
            min: LLAMA_CPP_DEFAULTS.minContextSize,
            max: Math.max(LLAMA_CPP_DEFAULTS.minContextSize, Math.min(trained, LLAMA_CPP_DEFAULTS.maxAutoContextSize)),
          },
          sequences: options.sequences,
          threads: options.threads,
          batchSize: options.batchSize,
        })
        .catch((error: unknown) => {
          throw new ConfigurationError(`llama-cpp: could not create a context (${options.sequences} sequences): ${messageOf(error)}. Lower contextSize or sequences.`, {
            provider: 'llama-cpp',
            code: 'context-failed',
            cause: error,
          });
        });
      const chatWrapper = module.resolveChatWrapper(model, { type: options.chatFormat ?? 'auto' });
      const forcing = canForceCalls(chatWrapper) ? forcedCallWrapper(chatWrapper) : undefined;
      const slots = Array.from({ length: options.sequences }, (): SequenceSlot => {
        const contextSequence = context.getSequence();
        let forced: LlamaChat | undefined;
        return {
          chat: new module.LlamaChat({ contextSequence, chatWrapper }),
          forced: () => (forcing ? (forced ??= new module.LlamaChat({ contextSequence, chatWrapper: forcing })) : undefined),
        };
      });
      const name = options.modelName ?? basename(options.modelPath).replace(/\.gguf$/i, '');
      return new LlamaCppRuntime(module, backend, model, context, new SequencePool(slots, options.queueLimit), name, options, slots);
    } catch (error) {
      await model?.dispose().catch(() => undefined);
      await backend.release().catch(() => undefined);
      if (error instanceof ConfigurationError) throw error;
      throw new ModelFileError(`llama.cpp could not load ${options.modelPath}: ${messageOf(error)}`, {
        provider: 'llama-cpp',
        problem: 'load-failed',
        path: options.modelPath,
        cause: error,
      });
    }
  }

  /** Output tokens generated since load, counted live on every sequence. */
  get generatedTokens(): number {
    return this.finalCount ?? this.slots.reduce((sum, slot) => sum + slot.chat.sequence.tokenMeter.usedOutputTokens, 0);
  }

  /** Tokens per sequence. */
  get contextSize(): number {
    return this.context.contextSize;
  }

  get disposed(): boolean {
    return this.disposing !== undefined;
  }

  /** The compiled grammar of a structured-output schema (cached per schema). */
  grammarFor(schema: GrammarSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      const llama = this.backend.llama;
      const create = llama.createGrammarForJsonSchema.bind(llama) as unknown as (schema: GbnfJsonSchema) => Promise<LlamaGrammar>;
      grammar = create(schema as unknown as GbnfJsonSchema).catch((error: unknown) => {
        this.grammars.delete(key);
        throw new InvalidRequestError(`llama-cpp: the response schema cannot be turned into a grammar: ${messageOf(error)}`, {
          provider: 'llama-cpp',
          cause: error,
        });
      });
      this.grammars.set(key, grammar);
      if (this.grammars.size > GRAMMAR_CACHE_SIZE) this.grammars.delete(this.grammars.keys().next().value as string);
    }
    return grammar;
  }

  /** The embedding context, created on first use. */
  embeddingContext(): Promise<LlamaEmbeddingContext> {
    this.embedding ??= this.model.createEmbeddingContext({
      contextSize: this.options.embeddingContextSize ?? this.context.contextSize,
      threads: this.options.threads,
      batchSize: this.options.batchSize,
    });
    return this.embedding;
  }

  /** Tracks a generation so `dispose()` can stop it. */
  track(abort: (reason: unknown) => void, done: Promise<unknown>): void {
    const entry = { abort, done };
    this.running.add(entry);
    void done.then(
      () => this.running.delete(entry),
      () => this.running.delete(entry),
    );
  }

  /** Refuses new work, stops running generations, then frees contexts, model and backend. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      const reason = new ConfigurationError('llama-cpp: the model was disposed', { provider: 'llama-cpp', code: 'disposed' });
      this.pool.close(reason);
      for (const entry of this.running) entry.abort(reason);
      await Promise.allSettled([...this.running].map((entry) => entry.done));
      this.finalCount = this.generatedTokens;
      const embedding = await this.embedding?.catch(() => undefined);
      await embedding?.dispose();
      await this.context.dispose();
      await this.model.dispose();
      await this.backend.release();
    })();
    return this.disposing;
  }
}
