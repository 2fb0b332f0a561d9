/** Metadata key of the `@Toolset()` class marker. */
export const TOOLSET_METADATA = 'chat-ts:toolset';

/** `ExecutionContext.getType()` of a tool call run through Nest's guards and interceptors. */
export const CHAT_TOOL_CONTEXT_TYPE = 'chat-tool';

/** Name of the chat injected by `@InjectChat()` without a name (and by the `NestChat` class token). */
export const DEFAULT_CHAT_NAME = 'default';

/** Prefix of the DI token of a named chat. */
const CHAT_TOKEN_PREFIX = 'chat-ts:chat:';

/**
 * The DI token of a chat, for custom providers and `moduleRef.get()`.
 *
 * @example
 * const support = app.get<NestChat>(getChatToken('support'));
 */
export function getChatToken(name: string = DEFAULT_CHAT_NAME): string {
  return `${CHAT_TOKEN_PREFIX}${name}`;
}

/** Metadata key of `@ChatBudget()`: the route's budgets observer. */
export const CHAT_BUDGET_METADATA = 'chat-ts:chat-budget';
