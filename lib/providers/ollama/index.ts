/** Ollama (local models): `chat-ts/ollama`. @packageDocumentation */
export {
  OllamaBuilder,
} from './ollama.builder';
export {
  OllamaProvider,
} from './ollama.provider';
export type {
  OllamaPullOptions,
} from './ollama.provider';
export type {
  OllamaConfig,
  OllamaModelInfo,
  OllamaPullProgress,
} from './ollama-config.types';
export {
  OLLAMA_DEFAULT_HOST,
  resolveOllamaHost,
} from './ollama-host.resolver';
export {
  OLLAMA_PRESET,
} from './ollama.builder';
