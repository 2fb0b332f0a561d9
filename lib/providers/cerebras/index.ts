/** Cerebras: `chat-ts/cerebras`. @packageDocumentation */
export * from './cerebras.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
