/** the Hugging Face Inference Providers router: `chat-ts/huggingface`. @packageDocumentation */
export * from './huggingface.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
