/**
 * Type tests for embeddings in the type-state, compiled by spec/package/types.spec.ts in a consumer
 * project against the packed tarball's `.d.ts` (not run by jest).
 * `chat.embed()` compiles only when the chat's provider may embed: a provider built with
 * `withEmbeddings()`, one that always embeds (Gemini, a local model), or one whose type cannot
 * tell (a plain `ChatProvider`, e.g. a router). Each `@ts-expect-error` line must fail to compile.
 */
import { ChatBuilder, type Chat, type EmbeddingSupport, type ChatProvider } from 'chat-ts';
import { CerebrasBuilder } from 'chat-ts/cerebras';
import { ClaudeBuilder, type ClaudeProvider } from 'chat-ts/claude';
import { ChatCompletionsBuilder } from 'chat-ts/completions';
import { DeepSeekBuilder } from 'chat-ts/deepseek';
import { GeminiBuilder } from 'chat-ts/gemini';
import { HuggingFaceBuilder } from 'chat-ts/huggingface';
import type { LlamaCppProvider } from 'chat-ts/llama-cpp';
import { MistralBuilder } from 'chat-ts/mistral';
import { OllamaBuilder } from 'chat-ts/ollama';
import { OpenAIBuilder } from 'chat-ts/openai';
import { ResponsesBuilder } from 'chat-ts/responses';

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

declare const anyProvider: ChatProvider;
declare const claude: ClaudeProvider;
declare const llama: LlamaCppProvider;

const chatOf = <P extends ChatProvider>(provider: P) => new ChatBuilder().withModel(provider).build();

async function embeddingTypes(): Promise<void> {
  // what each provider's type says
  assertType<Equals<EmbeddingSupport<ChatProvider>, boolean>>();
  assertType<Equals<EmbeddingSupport<ClaudeProvider>, false>>();
  assertType<Equals<EmbeddingSupport<LlamaCppProvider>, true>>();

  // OpenAI: only with withEmbeddings(), before or after withModel()
  const openai = new OpenAIBuilder().withModel('gpt-5-mini').build();
  // @ts-expect-error OpenAI built without withEmbeddings()
  await chatOf(openai).embed(['x']);
  await chatOf(new OpenAIBuilder().withModel('gpt-5-mini').withEmbeddings('text-embedding-3-small').build()).embed(['x']);
  await chatOf(new OpenAIBuilder().withEmbeddings('text-embedding-3-small', { dimensions: 256 }).withWebSearch().withModel('gpt-5-mini').build()).embed(['x']);

  // any Chat Completions server, Ollama (native or compatible), Mistral, a Hugging Face endpoint
  // @ts-expect-error a Chat Completions server without withEmbeddings()
  await chatOf(new ChatCompletionsBuilder().withBaseUrl('http://h/v1').withModel('m').build()).embed(['x']);
  await chatOf(new ChatCompletionsBuilder().withEmbeddings('e').withBaseUrl('http://h/v1').withModel('m').build()).embed(['x']);
  // @ts-expect-error Ollama without withEmbeddings()
  await chatOf(new OllamaBuilder().withModel('llama3.2').build()).embed(['x']);
  await chatOf(new OllamaBuilder().withEmbeddings('nomic-embed-text', 'compatible').withModel('llama3.2').build()).embed(['x']);
  // @ts-expect-error Mistral without withEmbeddings()
  await chatOf(new MistralBuilder().withModel('mistral-small-latest').build()).embed(['x']);
  await chatOf(new MistralBuilder().withModel('mistral-small-latest').withEmbeddings('mistral-embed').build()).embed(['x']);
  // @ts-expect-error Hugging Face without withEmbeddings()
  await chatOf(new HuggingFaceBuilder().withModel('m').build()).embed(['x']);
  await chatOf(new HuggingFaceBuilder().withBaseUrl('http://tei/v1').withModel('m').withEmbeddings('bge').build()).embed(['x']);

  // providers without any embeddings API have no withEmbeddings() either
  // @ts-expect-error DeepSeek has no embeddings
  await chatOf(new DeepSeekBuilder().withModel('deepseek-chat').build()).embed(['x']);
  // @ts-expect-error no withEmbeddings() on DeepSeek
  new DeepSeekBuilder().withEmbeddings('e');
  // @ts-expect-error Cerebras has no embeddings
  await chatOf(new CerebrasBuilder().withModel('llama3.1-8b').build()).embed(['x']);
  // @ts-expect-error Claude has no embeddings
  await chatOf(claude).embed(['x']);
  // @ts-expect-error ...however it was built
  await chatOf(new ClaudeBuilder().withModel('claude-sonnet-4-5').build()).embed(['x']);
  // @ts-expect-error a generic Responses server has no embeddings
  await chatOf(new ResponsesBuilder().withBaseUrl('http://h/v1').withModel('m').build()).embed(['x']);

  // always embedding: Gemini (default model gemini-embedding-001), a local model
  await chatOf(new GeminiBuilder().withModel('gemini-2.5-flash').build()).embed(['x'], { taskType: 'retrieval-query' });
  await chatOf(llama).embed(['x']);
  // unknown until run time (a router, an injected provider): allowed, checked when called
  await chatOf(anyProvider).embed(['x']);

  // other settings keep the flag, in any order
  // @ts-expect-error structured output and a system prompt do not add embeddings
  await new ChatBuilder().withSystemPrompt('s').withModel(claude).withStructuredOutput({ name: 'x', schema: {}, parse: (v: unknown) => v as number }).build().embed(['x']);
  const embedding = new ChatBuilder().withRetry({ maxAttempts: 2 } as never).withEmbeddingConcurrency(2).withModel(llama).build();
  const { vectors, dimensions, model, usage } = await embedding.embed(['a', 'b'], { dimensions: 8, encoding: 'base64', batchSize: 10 });
  assertType<Equals<typeof vectors, Float32Array[]>>();
  void [dimensions, model, usage.inputTokens];

  // a chat that cannot embed is still a Chat where one is expected; widened to "known at run time",
  // embed() compiles again and fails at run time with UnsupportedFeatureError
  const claudeChat: Chat<string, false> = chatOf(claude);
  const general: Chat<string> = claudeChat;
  await general.embed(['x']);
  // @ts-expect-error widening the output type and the embedding flag in one step is not allowed
  const both: Chat<unknown> = claudeChat;
  void both;
}
void embeddingTypes;
