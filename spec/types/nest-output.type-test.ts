/**
 * Type tests for NestChat's per-call structured output and ChatModule.registerChat(), compiled by
 * spec/package/types.spec.ts in a consumer project against the packed tarball's `.d.ts` (not run by jest).
 */
import type { DynamicModule } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { ChatResponse, OutputSpec, StreamEvent } from 'chat-ts';
import { ChatModule, type NestChat } from 'chat-ts/nest';

declare const chat: NestChat;
declare const sentimentChat: NestChat<Sentiment>;
class OrderSummary {
  orderId = '';
  total(): number {
    return 0;
  }
}
class Sentiment {
  mood = '';
}
interface Shout {
  word: string;
}
declare const shoutSpec: OutputSpec<Shout>;

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

async function perCall(): Promise<void> {
  // without output: the chat's own type
  const plain = await chat.complete('Hi');
  assertType<Equals<typeof plain, ChatResponse<string>>>();
  const own = await sentimentChat.complete('Hi', { context: { user: 'u' } });
  assertType<Equals<typeof own, ChatResponse<Sentiment>>>();

  // with a class: an instance of it, methods included, whatever the chat's own output
  const summary = await chat.complete('Summarise', { output: OrderSummary, context: { user: 'u' } });
  assertType<Equals<typeof summary, ChatResponse<OrderSummary>>>();
  summary.output.total();
  const replaced = await sentimentChat.complete('Summarise', { output: OrderSummary });
  assertType<Equals<typeof replaced.output, OrderSummary>>();
  // @ts-expect-error the per-call output is not the chat's type
  replaced.output.mood;

  // with an OutputSpec: its type
  const shout = await chat.complete('Shout', { output: shoutSpec });
  assertType<Equals<typeof shout.output, Shout>>();

  // stream: events typed by the output
  const events = chat.stream('Summarise', { output: OrderSummary, hideDeniedTools: true });
  assertType<Equals<typeof events, Observable<StreamEvent<OrderSummary>>>>();
  assertType<Equals<ReturnType<typeof chat.stream>, Observable<StreamEvent<string>>>>();

  // @ts-expect-error output takes a class or an OutputSpec, not a plain object
  await chat.complete('x', { output: { orderId: 'O-1' } });
}

// feature modules
const feature: DynamicModule = ChatModule.registerChat({ name: 'billing', systemPrompt: 'Billing.' }, { name: 'refunds' });
const featureAsync: DynamicModule = ChatModule.registerChatAsync({ name: 'billing', inject: ['CONFIG'], useFactory: (prompt: string) => ({ systemPrompt: prompt }) });
// @ts-expect-error a feature chat needs a name
ChatModule.registerChat({ systemPrompt: 'No name.' });

export { perCall, feature, featureAsync };
