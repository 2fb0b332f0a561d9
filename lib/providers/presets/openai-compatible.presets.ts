import type { CompletionsPreset } from '../completions/completions-builder.base';

/**
 * OpenRouter (`https://openrouter.ai/api/v1`, `OPENROUTER_API_KEY`); the neutral reasoning effort
 * travels in OpenRouter's `reasoning` object. `OpenRouterBuilder` adds its routing and fallback
 * options, reasoning tokens, usage accounting and app attribution as typed methods.
 */
export const OPENROUTER_PRESET: CompletionsPreset = {
  id: 'openrouter',
  builder: "PresetBuilder('openrouter')",
  baseUrl: 'https://openrouter.ai/api/v1',
  apiKeyEnv: 'OPENROUTER_API_KEY',
  defaults: { requestDialect: 'openrouter' },
  quirks: [],
};

/** Groq (`https://api.groq.com/openai/v1`, `GROQ_API_KEY`): no `top_k` (an unknown field is a 400). */
export const GROQ_PRESET: CompletionsPreset = {
  id: 'groq',
  builder: "PresetBuilder('groq')",
  baseUrl: 'https://api.groq.com/openai/v1',
  apiKeyEnv: 'GROQ_API_KEY',
  quirks: [{ drop: 'top_k' }],
};

/** Together AI (`https://api.together.xyz/v1`, `TOGETHER_API_KEY`). */
export const TOGETHER_PRESET: CompletionsPreset = {
  id: 'together',
  builder: "PresetBuilder('together')",
  baseUrl: 'https://api.together.xyz/v1',
  apiKeyEnv: 'TOGETHER_API_KEY',
  quirks: [],
};

/** Fireworks AI (`https://api.fireworks.ai/inference/v1`, `FIREWORKS_API_KEY`). */
export const FIREWORKS_PRESET: CompletionsPreset = {
  id: 'fireworks',
  builder: "PresetBuilder('fireworks')",
  baseUrl: 'https://api.fireworks.ai/inference/v1',
  apiKeyEnv: 'FIREWORKS_API_KEY',
  quirks: [],
};

/**
 * xAI on Chat Completions (`https://api.x.ai/v1`, `XAI_API_KEY`): no `top_k`; `reasoning_effort`
 * is `low` or `high` (`minimal` sent as `low`, `medium` as `high`). For xAI's Responses API use
 * `new ResponsesBuilder().withBaseUrl('https://api.x.ai/v1').withProviderId('xai')`.
 */
export const XAI_PRESET: CompletionsPreset = {
  id: 'xai',
  builder: "PresetBuilder('xai')",
  baseUrl: 'https://api.x.ai/v1',
  apiKeyEnv: 'XAI_API_KEY',
  quirks: [{ drop: 'top_k' }, { restrict: 'reasoning_effort', allowed: ['low', 'high'], map: { minimal: 'low', medium: 'high' } }],
};

/** Perplexity (`https://api.perplexity.ai`, `PERPLEXITY_API_KEY`): `citations` / `search_results` become the text's `sources`. */
export const PERPLEXITY_PRESET: CompletionsPreset = {
  id: 'perplexity',
  builder: "PresetBuilder('perplexity')",
  baseUrl: 'https://api.perplexity.ai',
  apiKeyEnv: 'PERPLEXITY_API_KEY',
  quirks: [],
};

/** vLLM's OpenAI-compatible server (default `http://localhost:8000/v1`; `VLLM_API_KEY` when started with `--api-key`). */
export const VLLM_PRESET: CompletionsPreset = {
  id: 'vllm',
  builder: "PresetBuilder('vllm')",
  baseUrl: 'http://localhost:8000/v1',
  apiKeyEnv: 'VLLM_API_KEY',
  requiresKey: false,
  defaults: { thinkTags: true },
  quirks: [],
};

/** llama.cpp's `llama-server` (default `http://localhost:8080/v1`; `LLAMA_API_KEY` when started with `--api-key`): `<think>` tags split into reasoning. */
export const LLAMA_SERVER_PRESET: CompletionsPreset = {
  id: 'llama-server',
  builder: "PresetBuilder('llama-server')",
  baseUrl: 'http://localhost:8080/v1',
  apiKeyEnv: 'LLAMA_API_KEY',
  requiresKey: false,
  defaults: { thinkTags: true },
  quirks: [],
};

/** LM Studio's server (default `http://localhost:1234/v1`, no key; `LM_API_TOKEN` when authentication is on). */
export const LM_STUDIO_PRESET: CompletionsPreset = {
  id: 'lmstudio',
  builder: "PresetBuilder('lmstudio')",
  baseUrl: 'http://localhost:1234/v1',
  apiKeyEnv: 'LM_API_TOKEN',
  requiresKey: false,
  quirks: [],
};

/**
 * Cohere through its OpenAI-compatible Compatibility API (`https://api.cohere.ai/compatibility/v1`,
 * `CO_API_KEY`): chat and `POST /embeddings` (`withEmbeddings('embed-v4.0')`). For Cohere's native
 * v2 API (`/v2/chat` with tool plans, thinking and citations; `/v2/embed`) use `CohereBuilder` of
 * `chat-ts/cohere`.
 */
export const COHERE_PRESET: CompletionsPreset = {
  id: 'cohere',
  builder: "PresetBuilder('cohere')",
  baseUrl: 'https://api.cohere.ai/compatibility/v1',
  apiKeyEnv: 'CO_API_KEY',
  quirks: [{ drop: 'top_k' }],
};

/**
 * Voyage AI embeddings (`https://api.voyageai.com/v1/embeddings`, `VOYAGE_API_KEY`): the vector size
 * is sent as `output_dimension`, up to 1000 texts per request. Voyage has no chat endpoint: the
 * model given to `withModel()` is only a name, use `embed()`.
 */
export const VOYAGE_PRESET: CompletionsPreset = {
  id: 'voyage',
  builder: "PresetBuilder('voyage')",
  baseUrl: 'https://api.voyageai.com/v1',
  apiKeyEnv: 'VOYAGE_API_KEY',
  defaults: { embeddingDialect: 'mistral', embeddingBatchSize: 1000, capabilities: { tools: false, structuredOutput: false, streaming: false, vision: false } },
  quirks: [],
};

/** Every OpenAI-compatible preset, by name. */
export const OPENAI_COMPATIBLE_PRESETS = {
  openrouter: OPENROUTER_PRESET,
  groq: GROQ_PRESET,
  together: TOGETHER_PRESET,
  fireworks: FIREWORKS_PRESET,
  xai: XAI_PRESET,
  perplexity: PERPLEXITY_PRESET,
  vllm: VLLM_PRESET,
  'llama-server': LLAMA_SERVER_PRESET,
  lmstudio: LM_STUDIO_PRESET,
  cohere: COHERE_PRESET,
  voyage: VOYAGE_PRESET,
} as const satisfies Readonly<Record<string, CompletionsPreset>>;

/** The name of an OpenAI-compatible preset. */
export type PresetName = keyof typeof OPENAI_COMPATIBLE_PRESETS;
