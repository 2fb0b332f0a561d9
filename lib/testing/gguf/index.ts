/** A GGUF v3 writer and a tiny random llama model for offline tests of local providers. */
export * from './gguf.types';
export * from './gguf.writer';
export * from './seeded-random';
export * from './chatml-vocabulary';
export * from './tiny-llama.model';
