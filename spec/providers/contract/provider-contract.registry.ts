import type { Clock } from '../../../lib/core/clock.types';
import type { ChatProvider } from '../../../lib/core/provider.types';
import { AzureOpenAIBuilder } from '../../../lib/providers/azure';
import { VertexClaudeBuilder, VertexGeminiBuilder } from '../../../lib/providers/vertex';
import { BedrockBuilder } from '../../../lib/providers/bedrock';
import { CohereBuilder } from '../../../lib/providers/cohere';
import { OPENAI_COMPATIBLE_PRESETS, OpenRouterBuilder, PresetBuilder, type PresetName } from '../../../lib/providers/presets';
import { CerebrasBuilder } from '../../../lib/providers/cerebras';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { DeepSeekBuilder } from '../../../lib/providers/deepseek';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { HuggingFaceBuilder } from '../../../lib/providers/huggingface';
import { MistralBuilder } from '../../../lib/providers/mistral';
import { OllamaBuilder } from '../../../lib/providers/ollama';
import { OpenAIBuilder } from '../../../lib/providers/openai';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import type { HttpProviderBuilderBase } from '../../../lib/providers/shared/http-provider-builder.base';
import type { HttpProviderKernel } from '../../../lib/providers/shared/http-provider.kernel';
import type { EmulatedReply, ProviderEmulator } from '../../../lib/testing/emulator';

/** Test key: shaped like a real one, long and unique, so any leak shows. */
export const CONTRACT_KEY = 'sk-contract-LEAKCHECK-0123456789abcdefABCDEF';

/** The settings every builder of the contract takes (one idiom: mutate and return the builder). */
type Tunable = HttpProviderBuilderBase & { build(): ChatProvider & HttpProviderKernel };

/** How a contract entry is tuned for one test. */
export interface ContractTuning {
  readonly idleTimeout?: number;
  readonly clock?: Clock;
  /** Base URL instead of the emulator's (a closed port, to see network errors). */
  readonly baseUrl?: string;
}

/** One HTTP provider or preset under the contract. */
export interface ContractEntry {
  /** Its folder under `lib/providers` and its package subpath (`chat-ts/<name>`). */
  readonly name: string;
  /** The provider id it reports. */
  readonly id: string;
  /** The builder class the contract exercises. */
  readonly builderClass: abstract new (...args: never[]) => HttpProviderBuilderBase;
  /** How the server this entry stands for shapes its replies, beyond the wire's defaults (scripted on the emulator). */
  readonly reply?: Partial<EmulatedReply>;
  /** A builder pointed at the emulator, with the contract key and a model. */
  builder(emulator: ProviderEmulator, tuning?: ContractTuning): Tunable;
}

function tune<B extends Tunable>(builder: B, tuning: ContractTuning): B {
  builder.withApiKey(CONTRACT_KEY);
  if (tuning.idleTimeout !== undefined) builder.withIdleTimeout(tuning.idleTimeout);
  if (tuning.clock) builder.withClock(tuning.clock);
  return builder;
}

/** Like {@link tune}, for builders that authenticate with OAuth tokens: the contract key is the token. */
function tuneToken<B extends Tunable & { withTokenProvider(provider: () => string): B }>(builder: B, tuning: ContractTuning): B {
  builder.withTokenProvider(() => CONTRACT_KEY);
  if (tuning.idleTimeout !== undefined) builder.withIdleTimeout(tuning.idleTimeout);
  if (tuning.clock) builder.withClock(tuning.clock);
  return builder;
}

const v1 = (emulator: ProviderEmulator, tuning: ContractTuning): string => tuning.baseUrl ?? emulator.url('/v1');

/**
 * Every HTTP provider and preset of chat-ts, in one list. A provider folder or package subpath
 * missing here fails `provider-contract.registry.spec.ts`: add the new provider to this list (and
 * it runs the whole contract).
 */
export const CONTRACT_ENTRIES: readonly ContractEntry[] = [
  {
    name: 'claude',
    id: 'claude',
    builderClass: ClaudeBuilder,
    builder: (e, t = {}) => tune(new ClaudeBuilder().withModel('claude-contract').withBaseUrl(t.baseUrl ?? e.url()), t),
  },
  {
    name: 'gemini',
    id: 'gemini',
    builderClass: GeminiBuilder,
    builder: (e, t = {}) => tune(new GeminiBuilder().withModel('gemini-contract').withBaseUrl(t.baseUrl ?? e.url('/v1beta')), t),
  },
  {
    name: 'completions',
    id: 'completions',
    builderClass: ChatCompletionsBuilder,
    builder: (e, t = {}) => tune(new ChatCompletionsBuilder().withModel('completions-contract').withBaseUrl(v1(e, t)), t),
  },
  {
    name: 'deepseek',
    id: 'deepseek',
    builderClass: DeepSeekBuilder,
    builder: (e, t = {}) => tune(new DeepSeekBuilder().withModel('deepseek-contract').withBaseUrl(v1(e, t)), t),
  },
  {
    name: 'cerebras',
    id: 'cerebras',
    builderClass: CerebrasBuilder,
    builder: (e, t = {}) => tune(new CerebrasBuilder().withModel('cerebras-contract').withBaseUrl(v1(e, t)), t),
  },
  {
    name: 'huggingface',
    id: 'huggingface',
    builderClass: HuggingFaceBuilder,
    builder: (e, t = {}) => tune(new HuggingFaceBuilder().withModel('huggingface-contract').withBaseUrl(v1(e, t)), t),
  },
  {
    name: 'mistral',
    id: 'mistral',
    builderClass: MistralBuilder,
    // Mistral has no stream_options: its last chunk carries the usage unasked.
    reply: { usageOnFinishChunk: true },
    builder: (e, t = {}) => tune(new MistralBuilder().withModel('mistral-contract').withBaseUrl(v1(e, t)), t),
  },
  {
    name: 'ollama',
    id: 'ollama',
    builderClass: OllamaBuilder,
    builder: (e, t = {}) => tune(new OllamaBuilder().withModel('ollama-contract').withBaseUrl(v1(e, t)), t),
  },
  {
    name: 'responses',
    id: 'responses',
    builderClass: ResponsesBuilder,
    builder: (e, t = {}) => tune(new ResponsesBuilder().withModel('responses-contract').withBaseUrl(v1(e, t)), t),
  },
  {
    name: 'openai',
    id: 'openai',
    builderClass: OpenAIBuilder,
    builder: (e, t = {}) => tune(new OpenAIBuilder().withModel('openai-contract').withCustomUrl(v1(e, t)), t),
  },
  {
    name: 'azure',
    id: 'azure',
    builderClass: AzureOpenAIBuilder,
    // The Responses API on Azure's v1 path (`/openai/v1/responses`), the key in `api-key`.
    builder: (e, t = {}) => tune(new AzureOpenAIBuilder().withDeployment('azure-contract').withBaseUrl(t.baseUrl ?? e.url('/openai')), t),
  },
  {
    name: 'azure',
    id: 'azure',
    builderClass: AzureOpenAIBuilder,
    // Chat Completions on deployment URLs (`/openai/deployments/azure-contract/chat/completions?api-version=…`).
    builder: (e, t = {}) =>
      tune(
        new AzureOpenAIBuilder().withDeployment('azure-contract').withChatCompletions().withDeploymentUrls().withApiVersion('2024-10-21').withBaseUrl(t.baseUrl ?? e.url('/openai')),
        t,
      ),
  },
  {
    name: 'vertex',
    id: 'gemini',
    builderClass: VertexGeminiBuilder,
    // Express mode: an API key in `x-goog-api-key`, no project (`/v1/publishers/google/models/...`).
    builder: (e, t = {}) => tune(new VertexGeminiBuilder().withModel('gemini-contract').withBaseUrl(t.baseUrl ?? e.url()), t),
  },
  {
    name: 'vertex',
    id: 'gemini',
    builderClass: VertexGeminiBuilder,
    // A project and an OAuth bearer token (`/v1/projects/p/locations/global/publishers/google/models/...`).
    builder: (e, t = {}) => tuneToken(new VertexGeminiBuilder().withModel('gemini-contract').withProject('contract-project').withLocation('global').withBaseUrl(t.baseUrl ?? e.url()), t),
  },
  {
    name: 'vertex',
    id: 'claude',
    builderClass: VertexClaudeBuilder,
    // Anthropic's Vertex shape (`:rawPredict` / `:streamRawPredict`), an OAuth bearer token.
    builder: (e, t = {}) => tuneToken(new VertexClaudeBuilder().withModel('claude-contract@20250101').withProject('contract-project').withLocation('us-east5').withBaseUrl(t.baseUrl ?? e.url()), t),
  },
  {
    name: 'bedrock',
    id: 'bedrock',
    builderClass: BedrockBuilder,
    // Converse and ConverseStream (binary AWS event stream); the contract key as a Bedrock API key (bearer).
    builder: (e, t = {}) => tune(new BedrockBuilder().withModel('anthropic.claude-contract-v1:0').withRegion('us-east-1').withBaseUrl(t.baseUrl ?? e.url()), t),
  },
  {
    name: 'cohere',
    id: 'cohere',
    builderClass: CohereBuilder,
    // Cohere's native v2 wire (/v2/chat, /v2/embed); the OpenAI-compatible endpoint is the `cohere` preset below.
    builder: (e, t = {}) => tune(new CohereBuilder().withModel('command-contract').withBaseUrl(t.baseUrl ?? e.url()), t),
  },
  {
    name: 'presets',
    id: 'openrouter',
    builderClass: OpenRouterBuilder,
    // The openrouter preset with its typed options on: routing, fallback models, reasoning, usage accounting, attribution.
    builder: (e, t = {}) =>
      tune(
        new OpenRouterBuilder()
          .withModel('openrouter-contract')
          .withBaseUrl(v1(e, t))
          .withProviderRouting({ order: ['contract'], allowFallbacks: false })
          .withFallbackModels('fallback-contract')
          .withReasoning({ maxTokens: 512 })
          .withUsageAccounting()
          .withAppAttribution({ url: 'https://contract.example', title: 'contract' }),
        t,
      ),
  },
  // Every OpenAI-compatible chat preset (data on the Chat Completions family), through the one
  // PresetBuilder; Voyage serves embeddings only (spec/conformance/voyage.conformance.spec.ts).
  ...(Object.keys(OPENAI_COMPATIBLE_PRESETS) as PresetName[]).filter((preset) => preset !== 'voyage').map(
    (preset): ContractEntry => ({
      name: 'presets',
      id: OPENAI_COMPATIBLE_PRESETS[preset].id,
      builderClass: PresetBuilder,
      builder: (e, t = {}) => tune(new PresetBuilder(preset).withModel(`${preset}-contract`).withBaseUrl(v1(e, t)), t),
    }),
  ),
];

/**
 * Providers that are not HTTP providers, with the reason the HTTP contract does not apply; each is
 * covered by its own specs. Anything else under `lib/providers` must be in {@link CONTRACT_ENTRIES}.
 */
export const NOT_HTTP: Readonly<Record<string, string>> = {
  'llama-cpp': 'runs a GGUF model in this process: no API key, no socket, no HTTP status (see spec/providers/llama-cpp)',
  shared: 'the kernel itself, not a provider',
};
