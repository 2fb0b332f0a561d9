import { defer, from, type Observable, switchMap } from 'rxjs';
import type { Chat } from '../chat/chat';
import type { CallOptions, ChatResponse, ConversationInput } from '../chat/chat.types';
import type { EmbedCallOptions } from '../chat/embedder';
import type { ChatSession, SessionOptions } from '../chat/input/chat-session';
import type { StreamCallOptions } from '../chat/input/user-input.types';
import type { AfterResponseHook } from '../chat/request-hooks';
import type { EmbeddingResponse } from '../core/embedding.types';
import type { Message } from '../core/message.types';
import { Messages } from '../core/messages';
import type { ChatProvider } from '../core/provider.types';
import type { StreamEvent } from '../core/stream-event.types';
import type { ToolDefinition } from '../core/tool.types';
import { ConfigurationError } from '../errors/configuration.error';
import type { OutputSpec } from '../core/output.types';
import type { OutputClass } from '../schema/output-spec.factory';
import type { ChatAssembly, ChatDerivation, OutputSource } from './chat-assembly';
import { ChatHealthTracker, type ChatHealthSnapshot } from './chat-health';
import { NestToolDefinition } from './nest-tool.definition';

/** Per-call options of a `NestChat`: the engine's, plus tool hiding. */
export interface NestCallOptions<C = unknown> extends CallOptions<C> {
  /**
   * Hide from the model the tools whose guards refuse this caller (asked in phase `offer`, without
   * arguments) instead of offering them and answering a call with a denial. Default: the chat's
   * `hideDeniedTools` option (false).
   */
  readonly hideDeniedTools?: boolean;
}

/** Options of `NestChat.stream()`: the engine's stream options (input streaming included), plus tool hiding. */
export interface NestStreamOptions<C = unknown> extends StreamCallOptions<C> {
  /** See {@link NestCallOptions.hideDeniedTools}. */
  readonly hideDeniedTools?: boolean;
}

/**
 * The per-call structured output of `NestChat.complete()` / `stream()`: `S` is a `@Schema()` class
 * (the answer is an instance of it) or an `OutputSpec`. The chat's other settings stay; its own
 * `output`, if any, is replaced for this call.
 */
export interface NestOutputOption<S> {
  readonly output: S;
}

/** @internal what a `NestChat` runs on once the application has initialised. */
export interface NestChatState<T> {
  readonly assembly: ChatAssembly<T>;
  readonly hideDeniedTools: boolean;
}

function messagesOf(conversation: ConversationInput): readonly Message[] {
  if (typeof conversation === 'string') return Messages.fromUser(conversation).toArray();
  return conversation instanceof Messages ? conversation.toArray() : conversation;
}

/**
 * A chat configured by `ChatModule`, with the engine's API (`complete`, `stream`, `embed`): tools of
 * the `@Toolset()` providers, Python folders and explicit tools, built when the application
 * initialises. Inject it with `@InjectChat()` (or by this class, for the default chat).
 * The conversation belongs to the caller; pass the caller as `context` so the tools' guards and the
 * tools themselves can see it.
 *
 * @example
 * @Controller('chat')
 * export class ChatController {
 *   constructor(@InjectChat() private readonly chat: NestChat) {}
 *
 *   @Post()
 *   async ask(@Body() body: AskDto, @Req() req: Request) {
 *     const reply = await this.chat.complete(body.message, { context: { user: req.user } });
 *     return { text: reply.text };
 *   }
 * }
 * @publicApi
 */
export class NestChat<T = string> {
  private state?: NestChatState<T>;
  private readonly health = new ChatHealthTracker();

  constructor(
    /** The chat's name (`default` for the default chat). */
    readonly name: string,
  ) {}

  /** @internal called by the module when the chat is built. */
  attach(state: NestChatState<T> | undefined): void {
    this.state = state;
  }

  /** Whether the chat is built (the application has initialised and not shut down). */
  get isReady(): boolean {
    return this.state !== undefined;
  }

  /** The engine chat offering every tool. */
  get chat(): Chat<T> {
    return this.ready().assembly.chat;
  }

  get provider(): ChatProvider {
    return this.chat.provider;
  }

  /**
   * An engine chat with every setting of this one (system prompt, observers, approval and its
   * secret, hooks) whose provider and tools pass through `derivation`: how `ChatQueueModule`'s worker
   * runs a queued job on checkpoints. Per-caller tool filtering does not apply to it.
   *
   * @example
   * const checked = chat.derive({ provider: (p) => checkpoints.provider(p), tools: (t) => checkpoints.tools(t) });
   */
  derive(derivation: ChatDerivation): Chat<T> {
    return this.ready().assembly.derived(derivation);
  }

  /** Every tool of the chat: `@Toolset()` methods, Python functions, explicit tools. */
  get tools(): readonly ToolDefinition[] {
    return this.ready().assembly.tools;
  }

  /** The tools whose guards accept this caller (phase `offer`); tools without guards always are. */
  async visibleTools(context?: unknown, conversation: ConversationInput = []): Promise<ToolDefinition[]> {
    const messages = messagesOf(conversation);
    const tools = this.tools;
    const verdicts = await Promise.all(tools.map((tool) => (tool instanceof NestToolDefinition ? tool.checkGuards('offer', context, messages) : { allowed: true })));
    return tools.filter((_, i) => verdicts[i].allowed);
  }

  /**
   * One turn, as `Chat.complete()`; with `hideDeniedTools`, the model sees only the caller's tools.
   * With `output` (a `@Schema()` class or an `OutputSpec`) the answer is validated (and repaired)
   * as that type, and `reply.output` is typed by it; the chat needs no output of its own.
   *
   * @example
   * const { output } = await chat.complete(messages, { output: OrderSummary }); // output: OrderSummary
   */
  complete<C, O extends object>(conversation: ConversationInput, options: NestCallOptions<C> & NestOutputOption<OutputClass<O>>): Promise<ChatResponse<O>>;
  complete<C, O>(conversation: ConversationInput, options: NestCallOptions<C> & NestOutputOption<OutputSpec<O>>): Promise<ChatResponse<O>>;
  complete<C>(conversation: ConversationInput, options?: NestCallOptions<C>): Promise<ChatResponse<T>>;
  async complete<C>(conversation: ConversationInput, options: NestCallOptions<C> & { readonly output?: OutputSource } = {}): Promise<ChatResponse<unknown>> {
    const chat = await this.chatFor(conversation, options);
    return chat.complete(conversation, options);
  }

  /**
   * One turn, streamed, as `Chat.stream()`: cold; unsubscribing (e.g. the browser closing an SSE
   * connection) aborts the model request and the tools. Re-subscribing redoes an interrupted turn.
   * With `output`, `partial-output` events carry the object so far and `finish` the validated one.
   */
  stream<C, O extends object>(conversation: ConversationInput, options: NestStreamOptions<C> & NestOutputOption<OutputClass<O>>): Observable<StreamEvent<O>>;
  stream<C, O>(conversation: ConversationInput, options: NestStreamOptions<C> & NestOutputOption<OutputSpec<O>>): Observable<StreamEvent<O>>;
  stream<C>(conversation: ConversationInput, options?: NestStreamOptions<C>): Observable<StreamEvent<T>>;
  stream<C>(conversation: ConversationInput, options: NestStreamOptions<C> & { readonly output?: OutputSource } = {}): Observable<StreamEvent<unknown>> {
    const streams = new Map<Chat<unknown>, Observable<StreamEvent<unknown>>>();
    const streamOf = (chat: Chat<unknown>): Observable<StreamEvent<unknown>> => {
      let stream = streams.get(chat);
      if (!stream) streams.set(chat, (stream = chat.stream(conversation, options)));
      return stream;
    };
    if (!this.hides(options)) return defer(() => streamOf(this.chatWith(this.tools, options.output)));
    return defer(() => from(this.chatFor(conversation, options))).pipe(switchMap(streamOf));
  }

  /**
   * A duplex session over a conversation, as `Chat.session()` (`send()` input, `resume()` after
   * approvals). Sessions offer every tool; the guards still decide each call.
   */
  session<C>(conversation: ConversationInput, options: SessionOptions<C> = {}): ChatSession<T> {
    return this.chat.session(conversation, options);
  }

  /** Embeds texts with the chat's provider, as `Chat.embed()`. */
  async embed(texts: readonly string[], options: EmbedCallOptions = {}): Promise<EmbeddingResponse> {
    try {
      const response = await this.chat.embed(texts, options);
      this.health.success();
      return response;
    } catch (error) {
      this.health.failure(error);
      throw error;
    }
  }

  /** What the chat's model requests so far say about its provider. */
  healthSnapshot(): ChatHealthSnapshot {
    return this.health.snapshot(this.name, this.provider);
  }

  /**
   * Sends the provider a tiny request (`ping`, at most 16 output tokens) and records its outcome in
   * the health snapshot like any call: a probe that succeeds clears a `down` state, a provider
   * failure sets it. Rejects with the probe's error.
   */
  async probe(timeoutMs = 10_000): Promise<void> {
    try {
      await this.provider.complete({ messages: Messages.fromUser('ping').toArray(), options: { maxTokens: 16 }, timeout: timeoutMs });
      this.health.success();
    } catch (error) {
      this.health.failure(error);
      throw error;
    }
  }

  /** @internal the hook that feeds the health snapshot, run after each model request attempt. */
  healthHook(): AfterResponseHook {
    return (info) => (info.error ? this.health.failure(info.error) : this.health.success());
  }

  private hides(options: NestCallOptions): boolean {
    return options.hideDeniedTools ?? this.ready().hideDeniedTools;
  }

  private async chatFor(conversation: ConversationInput, options: NestCallOptions & { readonly output?: OutputSource }): Promise<Chat<unknown>> {
    const tools = this.hides(options) ? await this.visibleTools(options.context, conversation) : this.tools;
    return this.chatWith(tools, options.output);
  }

  /** The engine chat offering `tools` (all, or a caller's subset), answering with `output` when given. */
  private chatWith(tools: readonly ToolDefinition[], output: OutputSource | undefined): Chat<unknown> {
    const { assembly } = this.ready();
    if (output !== undefined) return assembly.withOutput(tools, output);
    return assembly.variant(tools) as Chat<unknown>;
  }

  private ready(): NestChatState<T> {
    if (!this.state) {
      throw new ConfigurationError(
        `Chat "${this.name}" is not ready: chats are built when the application initialises (ChatModule's onModuleInit), and released on shutdown; ` +
          `is "${this.name}" configured in ChatModule.forRoot()/forRootAsync()?`,
      );
    }
    return this.state;
  }
}
