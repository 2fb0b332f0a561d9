import type { RunObserver } from '../core/run-observer.types';
import type { ApprovalStrategy, FinishCallback } from '../chat/chat.types';
import type { AfterResponseHook, BeforeRequestHook } from '../chat/request-hooks';
import type { ToolErrorPolicy } from '../chat/tool-error.policy';
import type { Clock } from '../core/clock.types';
import type { OutputSpec } from '../core/output.types';
import type { ChatProvider, GenerationOptions } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import type { PythonToolsOptions } from '../python/python-tools.options';
import type { RetryPolicy } from '../retry/retry-policy.types';
import type { SchemaMetadata } from '../schema/metadata/schema-metadata.types';
import type { OutputClass } from '../schema/output-spec.factory';
import type { ToolValidationSetting } from './tool-validation';

/** Something with a `build()` that makes a provider: a provider builder after `withModel()`. */
export interface ChatProviderBuilder {
  build(): ChatProvider;
}

/**
 * Where a chat's model comes from: a provider (a router included), a provider builder, or a
 * function returning either (possibly async), called once when the application initialises.
 */
export type ChatProviderSource =
  | ChatProvider
  | ChatProviderBuilder
  | (() => ChatProvider | ChatProviderBuilder | Promise<ChatProvider | ChatProviderBuilder>);

/**
 * Anything with a lifetime that the module releases on application shutdown: a WebSocket
 * transport or pool, a local model, a provider emulator, ... (an object with `dispose()` or
 * `close()`, or a function that releases it).
 */
export type ChatResource = { dispose(): unknown } | { close(): unknown } | (() => unknown);

/** Python tool folders for a chat: a folder, several, or folders with loader options. */
export type PythonToolsSource = string | readonly string[] | { readonly directories: string | readonly string[]; readonly options?: PythonToolsOptions };

/** How one chat is made: its model and the settings of `ChatBuilder`. */
export interface ChatDefinition {
  /** The model: a provider, a builder, or a factory. */
  readonly provider: ChatProviderSource;
  readonly systemPrompt?: string;
  /** Generation options (temperature, maxTokens, ...); per-call `options` override them. */
  readonly options?: GenerationOptions;
  /**
   * Retry policy of each model request (never of a tool run); `false` for none. Unset: the
   * engine's default (`defaultRetryPolicy()`: 3 attempts, jittered exponential backoff).
   */
  readonly retry?: RetryPolicy | false;
  /** What the model is told when a tool throws (default: the error's message only, never a stack). */
  readonly toolErrors?: ToolErrorPolicy;
  /**
   * Run observers of this chat (see `ChatBuilder.withObserver()`): `openTelemetry()` from
   * `chat-ts/otel` (tool spans wrap the tool's guards and interceptors), `usageMeter()`, `budgets()`
   * (a budget per chat: give each chat definition its own limits).
   */
  readonly observers?: readonly RunObserver[];
  /**
   * Decides per tool call: execute, require approval, defer, reject. Nest guards of a tool run
   * before a call is held for approval: a caller they refuse gets a rejection, nobody is asked.
   */
  readonly approval?: ApprovalStrategy;
  /** Key of the approval seals; give every instance of the app the same one (or `CHAT_TS_APPROVAL_SECRET`). */
  readonly approvalSecret?: string;
  /** Max model requests in one call's tool loop (default 10). */
  readonly maxSteps?: number;
  /** Max tool calls of one turn running at once (default 4). */
  readonly toolConcurrency?: number;
  /** Structured output: a `@Schema()` class or an `OutputSpec`. */
  readonly output?: OutputClass<object> | OutputSpec<unknown>;
  /** Extra attempts to repair invalid structured output (default 2). */
  readonly repairAttempts?: number;
  readonly clock?: Clock;
  /** Called once at the end of every call of this chat. */
  readonly onFinish?: FinishCallback;
  readonly embeddingConcurrency?: number;
  /** Hooks run before each attempt of each model request (they may change the request). */
  readonly beforeRequest?: readonly BeforeRequestHook[];
  /** Hooks run after each attempt of each model request, with its response or error and duration. */
  readonly afterResponse?: readonly AfterResponseHook[];
  /** Tools besides the discovered `@Toolset()` ones: definitions or a `ToolSet` (disposed on shutdown). */
  readonly tools?: readonly ToolDefinition[] | ToolSet;
  /** Folders of Python `@tool()` functions, run by a host process started at init and stopped on shutdown. */
  readonly python?: PythonToolsSource;
  /** Offer the `@Toolset()` tools aimed at this chat (default true). */
  readonly discoverTools?: boolean;
  /** Default of the per-call `hideDeniedTools` option for this chat. */
  readonly hideDeniedTools?: boolean;
}

/**
 * Options of `ChatModule.forRoot()` (and what `forRootAsync`'s factory returns). The top level
 * describes the default chat (`provider` present) and `chats` the named ones.
 *
 * @example
 * ChatModule.forRoot({
 *   provider: new ResponsesBuilder().withBaseUrl(url).withModel('gpt-5-mini'),
 *   systemPrompt: 'You are the shop assistant.',
 *   chats: { support: { provider: claude, systemPrompt: 'You help support agents.' } },
 *   resources: [socketTransport],
 * })
 */
export interface ChatModuleOptions extends Partial<ChatDefinition> {
  /** Named chats, injected with `@InjectChat(name)`. */
  readonly chats?: { readonly [name: string]: ChatDefinition };
  /** Released on application shutdown, after the chats, in reverse order. */
  readonly resources?: readonly ChatResource[];
  /** Whether to dispose the chats' providers on shutdown (default true). */
  readonly disposeProviders?: boolean;
  /**
   * The build-time schemas `chat-ts schema` generated (`import { chatTsMetadata } from './chat-ts.metadata'`),
   * loaded before the tools are discovered. Importing the module anywhere does the same; this says so explicitly.
   */
  readonly metadata?: SchemaMetadata;
  /**
   * A `@Tool()` arguments class or structured-output class without a generated schema fails the
   * bootstrap (`MissingSchemaMetadataError`) instead of falling back to the run-time schema with a warning.
   * Default: off, or on when `CHAT_TS_STRICT_SCHEMAS=1`.
   */
  readonly strictSchemas?: boolean;
  /**
   * Apply `whitelist` / `forbidNonWhitelisted` to the arguments of `@Toolset()` tools, as Nest's
   * `ValidationPipe` does to request bodies: explicit options, or `'global-pipe'` to follow the app's
   * global `ValidationPipe`. Default: the tools' own validation only (unknown properties pass).
   */
  readonly toolValidation?: ToolValidationSetting;
}

/** Module-level extras of `forRoot` / `forRootAsync`. */
export interface ChatModuleExtras {
  /**
   * Register the module globally (default true): any module can inject the default chat (`NestChat`,
   * `@InjectChat()`) and `ChatRegistry` (what `ChatHealthIndicator` needs) without importing it, as
   * every named chat already is. `false` keeps them to the module that imports `ChatModule.forRoot()`.
   */
  readonly isGlobal?: boolean;
  /**
   * Named chats the configuration must provide (the bootstrap fails naming any missing one), and
   * makes injectable by token (`moduleRef.get(getChatToken(name))`). Optional: every name an
   * `@InjectChat(name)` gives is injectable, and checked, by itself.
   */
  readonly chatNames?: readonly string[];
}
