/** DeepSeek: `chat-ts/deepseek`. @packageDocumentation */
export {
  DEEPSEEK_BASE_URL,
  DeepSeekBuilder,
} from './deepseek.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
export {
  DEEPSEEK_PRESET,
} from './deepseek.builder';
