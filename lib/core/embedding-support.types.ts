import type { ChatProvider, ProviderCapabilities } from './provider.types';

/**
 * Capabilities whose `embeddings` flag is known when the code compiles. A provider class declares
 * `capabilities: CapabilitiesWith<true>` when it always embeds, `CapabilitiesWith<false>` when it
 * never does, and a builder returns `XProvider<true>` after `withEmbeddings()`. `ChatBuilder`
 * reads the flag, so `chat.embed()` does not compile on a chat whose provider cannot embed.
 *
 * @example
 * class MyProvider implements ChatProvider {
 *   readonly capabilities: CapabilitiesWith<false> = { ...caps, embeddings: false };
 * }
 */
export type CapabilitiesWith<E extends boolean> = ProviderCapabilities & { readonly embeddings: E };

/**
 * What a provider's type says about embeddings: `true` (it embeds), `false` (it cannot: `embed()`
 * on its chats does not compile), or `boolean` (known only at run time, e.g. a router).
 */
export type EmbeddingSupport<P extends ChatProvider> = [P['capabilities']['embeddings']] extends [false]
  ? false
  : [P['capabilities']['embeddings']] extends [true]
    ? true
    : boolean;
