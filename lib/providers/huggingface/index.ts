/** the Hugging Face Inference Providers router: `chat-ts/huggingface`. @packageDocumentation */
export {
  HUGGINGFACE_BASE_URL,
  HuggingFaceBuilder,
} from './huggingface.builder';
export { ChatCompletionsProvider } from '../completions/completions.provider';
export {
  HUGGINGFACE_PRESET,
} from './huggingface.builder';
export { assertHuggingFacePolicy, modelWithPolicy } from './huggingface-policy';
export type { HuggingFacePolicy } from './huggingface-policy';
