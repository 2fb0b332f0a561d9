/**
 * `chat-ts/llama-cpp`: a local GGUF model run in this process through node-llama-cpp (an optional
 * peer dependency, loaded on `build()`). @packageDocumentation
 */
export {
  LlamaCppBuilder,
} from './llama-cpp.builder';
export {
  LlamaCppProvider,
} from './llama-cpp.provider';
export type {
  LlamaCppProviderConfig,
} from './llama-cpp.provider';
export { LlamaCppModel, type LlamaCppModelInfo, type LlamaCppModelStats } from './llama-cpp.model';
export type { LlamaCppModelOptions, LlamaCppGpu, LlamaCppLogLevel, LlamaCppChatFormat, LlamaCppEmbeddingOptions } from './llama-cpp.options';
export { LLAMA_CPP_DEFAULTS } from './llama-cpp.options';
export { toGrammarSchema, type GrammarSchema } from './llama-cpp-schema.adapter';
export { NODE_LLAMA_CPP_VERSION } from './llama-cpp.version';
export { ModelFileError, type ModelFileProblem } from '../../errors/model-file.error';
export { QueueFullError } from '../../errors/queue-full.error';
