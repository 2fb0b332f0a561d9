/** Cerebras: `chat-ts/cerebras`. @packageDocumentation */
export {
  CEREBRAS_BASE_URL,
  CerebrasBuilder,
} from './cerebras.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
export {
  CEREBRAS_PRESET,
} from './cerebras.builder';
