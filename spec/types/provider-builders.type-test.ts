/**
 * Type tests for the type-state of every provider builder, compiled by spec/package/types.spec.ts in a
 * consumer project against the packed tarball's `.d.ts` (not run by jest). Each `@ts-expect-error`
 * line must fail to compile; if it compiles, tsc reports the unused directive. (Embedding flags are
 * in embeddings.type-test.ts, the router in router-builder.type-test.ts.)
 */
import { ChatBuilder } from 'chat-ts';
import { CerebrasBuilder } from 'chat-ts/cerebras';
import { ClaudeBuilder, type ClaudeProvider } from 'chat-ts/claude';
import { ChatCompletionsBuilder, type ChatCompletionsProvider } from 'chat-ts/completions';
import { DeepSeekBuilder } from 'chat-ts/deepseek';
import { GeminiBuilder, type GeminiProvider } from 'chat-ts/gemini';
import { HuggingFaceBuilder } from 'chat-ts/huggingface';
import { LlamaCppBuilder, type LlamaCppModel, type LlamaCppProvider } from 'chat-ts/llama-cpp';
import { MistralBuilder } from 'chat-ts/mistral';
import { OllamaBuilder, type OllamaProvider } from 'chat-ts/ollama';
import { OpenAIBuilder, type OpenAIProvider } from 'chat-ts/openai';
import { ResponsesBuilder, type ResponsesProvider } from 'chat-ts/responses';

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

declare const loaded: LlamaCppModel;

// Claude: build() needs withModel(); other settings do not count
// @ts-expect-error build() before withModel()
new ClaudeBuilder().build();
// @ts-expect-error settings are not a model
new ClaudeBuilder().withApiKey('k').withBaseUrl('http://h').withThinking(2048).withMaxTokens(10).build();
const claude = new ClaudeBuilder().withApiKey('k').withModel('claude-sonnet-4-5').withThinking(2048).build();
assertType<Equals<typeof claude, ClaudeProvider>>();

// Gemini
// @ts-expect-error build() before withModel()
new GeminiBuilder().build();
// @ts-expect-error native tools are not a model
new GeminiBuilder().withGoogleSearch().withCodeExecution().build();
const gemini = new GeminiBuilder().withGoogleSearch().withModel('gemini-2.5-flash').build();
assertType<Equals<typeof gemini, GeminiProvider>>();

// llama.cpp: a model path or a loaded model; build()/buildModel()/toModelOptions() need one
// @ts-expect-error build() before withModelPath()
void new LlamaCppBuilder().build();
// @ts-expect-error settings are not a model
void new LlamaCppBuilder().withContextSize(4096).withGpu('auto').withThreads(2).build();
// @ts-expect-error buildModel() before withModelPath()
void new LlamaCppBuilder().buildModel();
// @ts-expect-error toModelOptions() before withModelPath()
new LlamaCppBuilder().toModelOptions();
const local = new LlamaCppBuilder().withContextSize(4096).withModelPath('m.gguf').withSeed(1).build();
assertType<Equals<typeof local, Promise<LlamaCppProvider>>>();
void new LlamaCppBuilder().withLoadedModel(loaded).build();

// any Responses server: base URL and model, in any order
// @ts-expect-error build() before withModel() and withBaseUrl()
new ResponsesBuilder().build();
// @ts-expect-error build() without withBaseUrl()
new ResponsesBuilder().withModel('m').build();
// @ts-expect-error build() without withModel()
new ResponsesBuilder().withBaseUrl('http://h/v1').build();
// @ts-expect-error settings keep the state
new ResponsesBuilder().withModel('m').withApiKey('k').withWebSearch().withProviderId('lmstudio').build();
const responses = new ResponsesBuilder().withModel('m').withWebSearch().withBaseUrl('http://h/v1').build();
assertType<Equals<typeof responses, ResponsesProvider<false>>>();

// OpenAI: a model (the base URL defaults to api.openai.com)
// @ts-expect-error build() before withModel()
new OpenAIBuilder().build();
// @ts-expect-error a custom URL is not a model
new OpenAIBuilder().withCustomUrl('http://h/v1').withEmbeddings('e').build();
assertType<Equals<ReturnType<OpenAIBuilder<true>['build']>, OpenAIProvider<false>>>();
const openai = new OpenAIBuilder().withBaseUrl('http://h/v1').withEmbeddings('e').withModel('gpt-5-mini').build();
assertType<Equals<typeof openai, OpenAIProvider<true>>>();

// any Chat Completions server: base URL and model
// @ts-expect-error build() before withModel() and withBaseUrl()
new ChatCompletionsBuilder().build();
// @ts-expect-error build() without withBaseUrl()
new ChatCompletionsBuilder().withModel('m').build();
// @ts-expect-error build() without withModel()
new ChatCompletionsBuilder().withBaseUrl('http://h/v1').withThinkTags().build();
const completions = new ChatCompletionsBuilder().withModel('m').withStrictSchemas().withBaseUrl('http://h/v1').build();
assertType<Equals<typeof completions, ChatCompletionsProvider<false>>>();

// the presets: a model (their base URLs have defaults)
// @ts-expect-error Ollama: build() before withModel()
new OllamaBuilder().withBaseUrl('http://gpu:11434/v1').build();
assertType<Equals<ReturnType<OllamaBuilder<true>['build']>, OllamaProvider<false>>>();
// @ts-expect-error Mistral: build() before withModel()
new MistralBuilder().withEmbeddings('mistral-embed').build();
// @ts-expect-error Hugging Face: build() before withModel()
new HuggingFaceBuilder().withBaseUrl('http://tei/v1').build();
// @ts-expect-error Cerebras: build() before withModel()
new CerebrasBuilder().build();
// @ts-expect-error DeepSeek: build() before withModel()
new DeepSeekBuilder().withApiKey('k').build();
// @ts-expect-error withModel() takes the model name
new DeepSeekBuilder().withModel();
const presets = [
  new OllamaBuilder().withModel('llama3.2').build(),
  new MistralBuilder().withModel('mistral-small-latest').build(),
  new HuggingFaceBuilder().withModel('m').build(),
  new CerebrasBuilder().withModel('llama3.1-8b').build(),
  new DeepSeekBuilder().withModel('deepseek-chat').build(),
];

// every built provider is a ChatProvider a chat takes
for (const provider of [claude, gemini, responses, openai, completions, ...presets]) new ChatBuilder().withModel(provider).build();
void local.then((provider) => new ChatBuilder().withModel(provider).build());
