import { ChatBuilder } from '../chat/chat.builder';
import { routeBudgetObserver } from './route-budget.scope';
import type { Chat } from '../chat/chat';
import type { ApprovalStrategy, FinishCallback } from '../chat/chat.types';
import type { AfterResponseHook, BeforeRequestHook } from '../chat/request-hooks';
import type { Clock } from '../core/clock.types';
import type { RunObserver } from '../core/run-observer.types';
import type { OutputSpec } from '../core/output.types';
import type { ChatProvider, GenerationOptions } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { ConfigurationError } from '../errors/configuration.error';
import type { RetryPolicy } from '../retry/retry-policy.types';
import type { ToolErrorPolicy } from '../chat/tool-error.policy';
import type { OutputClass } from '../schema/output-spec.factory';
import type { ChatDefinition, ChatProviderBuilder, ChatProviderSource } from './chat-module-options.types';

/** `ChatBuilder` without its compile-time states: the module sets what a definition holds, at run time. */
export interface RuntimeChatBuilder {
  withSystemPrompt(prompt: string): RuntimeChatBuilder;
  withOptions(options: GenerationOptions): RuntimeChatBuilder;
  withTools(tools: readonly ToolDefinition[] | ToolSet): RuntimeChatBuilder;
  withApproval(strategy: ApprovalStrategy): RuntimeChatBuilder;
  withApprovalSecret(secret: string): RuntimeChatBuilder;
  withMaxSteps(steps: number): RuntimeChatBuilder;
  withToolConcurrency(limit: number): RuntimeChatBuilder;
  withRepairAttempts(attempts: number): RuntimeChatBuilder;
  withClock(clock: Clock): RuntimeChatBuilder;
  withRetry(policy: RetryPolicy | false): RuntimeChatBuilder;
  withToolErrors(policy: ToolErrorPolicy): RuntimeChatBuilder;
  withObserver(observer: RunObserver): RuntimeChatBuilder;
  withEmbeddingConcurrency(limit: number): RuntimeChatBuilder;
  beforeRequest(hook: BeforeRequestHook): RuntimeChatBuilder;
  afterResponse(hook: AfterResponseHook): RuntimeChatBuilder;
  onFinish(callback: FinishCallback): RuntimeChatBuilder;
  withStructuredOutput(spec: OutputSpec<unknown> | OutputClass<object>): RuntimeChatBuilder;
  build(): Chat<unknown>;
}

function isProvider(value: unknown): value is ChatProvider {
  return typeof value === 'object' && value !== null && typeof (value as ChatProvider).complete === 'function' && typeof (value as ChatProvider).stream === 'function';
}

function isBuilder(value: unknown): value is ChatProviderBuilder {
  return typeof value === 'object' && value !== null && typeof (value as ChatProviderBuilder).build === 'function';
}

/** The provider a definition names: the provider itself, a builder's product, or a factory's result. */
export async function resolveProvider(source: ChatProviderSource, chat: string): Promise<ChatProvider> {
  const value = typeof source === 'function' ? await source() : source;
  const provider = isProvider(value) ? value : isBuilder(value) ? value.build() : undefined;
  if (!isProvider(provider)) throw new ConfigurationError(`Chat "${chat}": provider must be a ChatProvider, a provider builder, or a function returning one`);
  return provider;
}

/** What the module adds to a definition's settings. */
export interface ChatAdditions {
  readonly approval: ApprovalStrategy;
  readonly onFinish: FinishCallback;
  /** Runs after the definition's own `afterResponse` hooks (health, logs). */
  readonly afterResponse: AfterResponseHook;
}

/** A `ChatBuilder` holding every setting of a definition except its tools. */
export function builderFor(definition: Omit<ChatDefinition, 'provider'>, provider: ChatProvider, additions: ChatAdditions): RuntimeChatBuilder {
  let b = new ChatBuilder().withModel(provider) as unknown as RuntimeChatBuilder;
  const d = definition;
  if (d.systemPrompt !== undefined) b = b.withSystemPrompt(d.systemPrompt);
  if (d.options) b = b.withOptions(d.options);
  b = b.withApproval(additions.approval);
  if (d.approvalSecret !== undefined) b = b.withApprovalSecret(d.approvalSecret);
  if (d.maxSteps !== undefined) b = b.withMaxSteps(d.maxSteps);
  if (d.toolConcurrency !== undefined) b = b.withToolConcurrency(d.toolConcurrency);
  if (d.output) b = b.withStructuredOutput(d.output);
  if (d.repairAttempts !== undefined) b = b.withRepairAttempts(d.repairAttempts);
  if (d.clock) b = b.withClock(d.clock);
  if (d.retry !== undefined) b = b.withRetry(d.retry);
  if (d.toolErrors) b = b.withToolErrors(d.toolErrors);
  for (const observer of d.observers ?? []) b = b.withObserver(observer);
  b = b.withObserver(routeBudgetObserver); // the budgets of a @ChatBudget() route, while it is handled
  if (d.embeddingConcurrency !== undefined) b = b.withEmbeddingConcurrency(d.embeddingConcurrency);
  for (const hook of d.beforeRequest ?? []) b = b.beforeRequest(hook);
  for (const hook of d.afterResponse ?? []) b = b.afterResponse(hook);
  return b.afterResponse(additions.afterResponse).onFinish(additions.onFinish);
}

const MAX_VARIANTS = 64;

/**
 * How {@link NestChat.derive} changes a chat: its provider and tools wrapped, every other setting
 * (system prompt, observers, approval and its secret, hooks) kept.
 *
 * @example
 * const checked = chat.derive({ provider: (p) => checkpoints.provider(p), tools: (t) => checkpoints.tools(t) });
 */
export interface ChatDerivation {
  /** Wraps the chat's provider (e.g. `checkpoints.provider`). */
  readonly provider?: (provider: ChatProvider) => ChatProvider;
  /** Wraps the chat's tools as they are now (e.g. `checkpoints.tools`). */
  readonly tools?: (tools: readonly ToolDefinition[]) => readonly ToolDefinition[];
}

/** A per-call structured output: a `@Schema()` class or an `OutputSpec`. */
export type OutputSource = OutputClass<object> | OutputSpec<unknown>;

/** How the assembly makes chats with a per-call structured output. */
export interface StructuredBuilds {
  /** The definition's settings without its `output`. */
  readonly builder: RuntimeChatBuilder;
  /** Runs the schema pipeline under the module's schema settings (`strictSchemas`). */
  readonly within: <R>(build: () => R) => R;
}

/** A map that forgets its oldest entry beyond `MAX_VARIANTS`. */
function remember<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    if (map.size >= MAX_VARIANTS) map.delete(map.keys().next().value as K);
    map.set(key, value);
  }
  return value;
}

/**
 * The engine chats behind one Nest chat: the one offering every tool (following a tool set whose
 * list changes), and, built on demand, ones offering a subset (a caller's visible tools) or answering with a per-call structured output.
 * They share every setting, the approval secret included, so a conversation paused by one resumes on another.
 */
export class ChatAssembly<T> {
  readonly chat: Chat<T>;
  private readonly variants = new Map<string, Chat<T>>();
  private readonly structured = new Map<OutputSource, Map<string, Chat<unknown>>>();

  constructor(
    private readonly builder: RuntimeChatBuilder,
    /** Every tool; the set's list may change (an MCP server's `tools/list_changed`), and the chat follows it. */
    private readonly toolSet: ToolSet,
    private readonly structuredBuilds?: StructuredBuilds,
    /** The definition's builder on another provider (for {@link ChatAssembly.derived}). */
    private readonly rebuild?: (provider: ChatProvider) => RuntimeChatBuilder,
  ) {
    this.chat = this.builder.withTools(toolSet).build() as Chat<T>;
  }

  /** Every tool, as it stands. */
  get tools(): readonly ToolDefinition[] {
    return this.toolSet.tools;
  }

  /** The chat offering exactly `tools` (a subset of `tools`, in order). */
  variant(tools: readonly ToolDefinition[]): Chat<T> {
    if (tools.length === this.tools.length) return this.chat;
    return remember(this.variants, tools.map((t) => t.name).join('\n'), () => this.build(tools));
  }

  /** The chat offering `tools` and answering with `output` (built once per output and tool subset). */
  withOutput(tools: readonly ToolDefinition[], output: OutputSource): Chat<unknown> {
    const builds = this.structuredBuilds;
    if (!builds) throw new ConfigurationError('This chat takes no per-call output');
    const byTools = remember(this.structured, output, () => new Map<string, Chat<unknown>>());
    return remember(byTools, tools.map((t) => t.name).join('\n'), () =>
      builds.within(() => {
        const b = builds.builder.withStructuredOutput(output);
        return (tools.length > 0 ? b.withTools(tools) : b).build();
      }),
    );
  }

  /** A chat with every setting of this one, its provider and current tools passed through `derivation`. */
  derived(derivation: ChatDerivation): Chat<T> {
    if (!this.rebuild) throw new ConfigurationError('This chat cannot be derived');
    const provider = derivation.provider ? derivation.provider(this.chat.provider) : this.chat.provider;
    const tools = derivation.tools ? derivation.tools(this.tools) : this.tools;
    const b = this.rebuild(provider);
    return (tools.length > 0 ? b.withTools(tools) : b).build() as Chat<T>;
  }

  private build(tools: readonly ToolDefinition[]): Chat<T> {
    return (tools.length > 0 ? this.builder.withTools(tools) : this.builder).build() as Chat<T>;
  }
}
