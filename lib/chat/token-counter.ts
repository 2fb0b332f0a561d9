import type { Message } from '../core/message.types';
import { Messages } from '../core/messages';
import type { ChatProvider } from '../core/provider.types';
import type { TokenCount } from '../core/token-count.types';
import { UnsupportedFeatureError } from '../errors/unsupported-feature.error';
import type { CallOptions, ConversationInput } from './chat.types';
import { NEVER_ABORTED } from './abort.helpers';
import { buildProviderRequest } from './request.builder';
import type { RunSettings } from './run-settings';

/** The messages of a conversation input, without taking its run lock (counting changes nothing). */
function messagesOf(conversation: ConversationInput): readonly Message[] {
  if (typeof conversation === 'string') return Messages.fromUser(conversation).toArray();
  if (Array.isArray(conversation)) return conversation as readonly Message[];
  return (conversation as Messages).toArray();
}

/**
 * Counts the input tokens the next model request of this conversation would use — the same request
 * the engine would send (system prompt, tools, structured-output schema, call options) — with the
 * provider's `countTokens()`.
 */
export async function countConversationTokens(provider: ChatProvider, settings: RunSettings<unknown>, conversation: ConversationInput, options: CallOptions): Promise<TokenCount> {
  if (!provider.countTokens) {
    throw new UnsupportedFeatureError(`${provider.id} cannot count tokens (the provider has no countTokens())`, { provider: provider.id });
  }
  const request = buildProviderRequest(settings, options, messagesOf(conversation), options.signal ?? NEVER_ABORTED, true);
  return provider.countTokens(request);
}
