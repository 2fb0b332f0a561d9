/** Mistral: `chat-ts/mistral`. @packageDocumentation */
export {
  MISTRAL_API_KEY_ENV,
  MISTRAL_BASE_URL,
  MISTRAL_EMBEDDING_BATCH_SIZE,
  MISTRAL_EMBEDDING_BATCH_TOKENS,
  MistralBuilder,
} from './mistral.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
export {
  MISTRAL_PRESET,
} from './mistral.builder';
