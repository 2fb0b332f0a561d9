/** Mistral: `chat-ts/mistral`. @packageDocumentation */
export * from './mistral.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
