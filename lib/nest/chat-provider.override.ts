import type { ChatProvider } from '../core/provider.types';

/**
 * Injection token of a `ChatProviderOverride`. When a global module provides it (as
 * `ChatTestingModule` from `chat-ts/nest/testing` does), `ChatModule` takes every chat's provider
 * from it instead of from the module options, which it then never resolves.
 */
export const CHAT_PROVIDER_OVERRIDE = 'chat-ts:provider-override';

/**
 * Gives the provider of a chat by name (`default` for the default chat), replacing the configured one.
 *
 * @example
 * { provide: CHAT_PROVIDER_OVERRIDE, useValue: (chat: string) => recordingProvider(chat) }
 */
export type ChatProviderOverride = (chat: string) => ChatProvider;
