/** DeepSeek: `chat-ts/deepseek`. @packageDocumentation */
export * from './deepseek.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
