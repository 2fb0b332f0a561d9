/**
 * Type tests for the RouterBuilder type-state, compiled by spec/package/types.spec.ts in a consumer
 * project against the packed tarball's `.d.ts` (not run by jest).
 * Each `@ts-expect-error` line must fail to compile; if it compiles, tsc reports the unused directive.
 */
import { ChatBuilder, type ChatProvider } from 'chat-ts';
import { RouterBuilder, type RouterProvider } from 'chat-ts/router';

declare const a: ChatProvider;
declare const b: ChatProvider;

// @ts-expect-error build() before any addProvider()
new RouterBuilder().build();

// @ts-expect-error settings do not add a provider
new RouterBuilder().withStreamFallback('resume').withCircuitBreaker().build();

// @ts-expect-error unknown stream fallback mode
new RouterBuilder().addProvider(a).withStreamFallback('retry');

export const router: RouterProvider = new RouterBuilder().addProvider(a).withStreamFallback('restart').addProvider(b, { name: 'backup' }).build();

// the router is a provider: a chat takes it like any other
export const chat = new ChatBuilder().withModel(router).build();
