/** OpenAI-compatible services as presets (data on the Chat Completions family): `chat-ts/presets`. @packageDocumentation */
export { PresetBuilder } from './preset.builder';
export { OpenRouterBuilder } from './openrouter.builder';
export type { OpenRouterAttribution, OpenRouterReasoning, OpenRouterRouting } from './openrouter.builder';
export {
  COHERE_PRESET,
  FIREWORKS_PRESET,
  GROQ_PRESET,
  LLAMA_SERVER_PRESET,
  LM_STUDIO_PRESET,
  OPENAI_COMPATIBLE_PRESETS,
  OPENROUTER_PRESET,
  PERPLEXITY_PRESET,
  TOGETHER_PRESET,
  VLLM_PRESET,
  VOYAGE_PRESET,
  XAI_PRESET,
} from './openai-compatible.presets';
export type { PresetName } from './openai-compatible.presets';
export type { CompletionsPreset } from '../completions/completions-builder.base';
export type { BodyQuirk } from '../shared/body.quirks';
export { ChatCompletionsProvider } from '../completions/completions.provider';
