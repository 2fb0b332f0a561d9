/**
 * The router: a provider made of providers. Fallback from a failing provider to a healthy one, a
 * keyword strategy, a circuit breaker that opens and recovers, and a stream that moves to another
 * provider mid-answer. The failing providers are emulated (chat-ts's built-in provider emulator);
 * the healthy one is the real OpenAI API when OPENAI_API_KEY is set, the emulator otherwise.
 */
import { lastValueFrom, tap } from 'rxjs';
import { ChatBuilder, Messages, type ChatProvider } from '../lib';
import { OpenAIBuilder } from '../lib/providers/openai';
import { ResponsesBuilder } from '../lib/providers/responses';
import { CircuitBreaker, KeywordStrategy, RouterBuilder } from '../lib/router';
import { ProviderEmulator } from '../lib/testing';

/** An emulated Responses provider on its own emulator session (its own script and request log). */
function emulated(emulator: ProviderEmulator, session: string): ChatProvider {
  return new ResponsesBuilder().withModel(`emulated-${session}`).withBaseUrl(emulator.url('/v1', session)).withApiKey('sk-emulator').build();
}

async function main(): Promise<void> {
  const emulator = await ProviderEmulator.start();
  const live = Boolean(process.env.OPENAI_API_KEY);
  console.log(
    live
      ? `OPENAI_API_KEY is set: the healthy provider is the real OpenAI API; the failing ones run on chat-ts's provider emulator at ${emulator.url()}.`
      : `OPENAI_API_KEY not set: using chat-ts's built-in provider emulator at ${emulator.url()} (offline) for every provider.`,
  );
  const healthy = live ? new OpenAIBuilder().withModel('gpt-5-mini').withApiKey(process.env.OPENAI_API_KEY ?? '').build() : emulated(emulator, 'healthy');
  const replies = (n: number, text: string) => Array.from({ length: n }, (_, i) => ({ text: `${text} (#${i + 1})` }));
  emulator.script(replies(10, 'Healthy answer'), 'healthy');
  try {
    // 1. Fallback: the primary answers 503; the router moves the request to the next provider.
    emulator.script([{ error: { status: 503 } }], 'flaky');
    const fallback = new RouterBuilder().addProvider(emulated(emulator, 'flaky'), { name: 'flaky' }).addProvider(healthy, { name: 'healthy' }).build();
    const chat = new ChatBuilder().withModel(fallback).withSystemPrompt('Answer in one sentence.').build();
    const first = await chat.complete('What is a circuit breaker in software?');
    console.log(`1. fallback: "${first.text}" (answered by ${first.metadata.model}; flaky got ${emulator.requests('flaky').length} request)`);

    // 2. Keyword strategy: questions about code go to the "coder" provider first.
    emulator.script([{ text: 'Use a discriminated union.' }], 'coder');
    const routed = new RouterBuilder()
      .addProvider(healthy, { name: 'general' })
      .addProvider(emulated(emulator, 'coder'), { name: 'coder' })
      .withStrategy(new KeywordStrategy([{ match: ['typescript', 'code', 'bug'], provider: 'coder' }]))
      .build();
    const coded = await new ChatBuilder().withModel(routed).build().complete('How do I model events in TypeScript?');
    console.log(`2. keyword strategy: "${coded.text}" (answered by ${coded.metadata.model})`);

    // 3. Circuit breaker: two failures open the circuit; requests skip the provider; after the
    //    recovery time one probe goes through, and its success closes the circuit.
    const breaker = new CircuitBreaker({ failureThreshold: 2, recoveryTimeMs: 200 });
    breaker.events$.subscribe((e) => console.log(`   circuit ${e.provider}: ${e.from} → ${e.to}`));
    emulator.script([{ error: { status: 500 } }, { error: { status: 502 } }, { text: 'Primary is back.' }], 'primary');
    const guarded = new RouterBuilder().addProvider(emulated(emulator, 'primary'), { name: 'primary' }).addProvider(healthy, { name: 'backup' }).withCircuitBreaker(breaker).build();
    const guardedChat = new ChatBuilder().withModel(guarded).build();
    console.log('3. circuit breaker:');
    for (let i = 1; i <= 3; i++) await guardedChat.complete(`Request ${i}`);
    console.log(`   after 3 requests the primary saw ${emulator.requests('primary').length} (the third skipped it: circuit ${await breaker.state('primary')})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const probe = await guardedChat.complete('Request 4');
    console.log(`   request 4 was the probe: "${probe.text}" (circuit ${await breaker.state('primary')})`);

    // 4. Stream fallback after the first words: `restart` emits provider-fallback and starts over.
    emulator.script([{ text: 'The first provider starts to answer and then the connection drops', fault: 'reset-mid', afterChunks: 8 }], 'cut');
    const streaming = new RouterBuilder().addProvider(emulated(emulator, 'cut'), { name: 'cut' }).addProvider(healthy, { name: 'healthy' }).withStreamFallback('restart').build();
    process.stdout.write('4. stream fallback: ');
    await lastValueFrom(
      new ChatBuilder()
        .withModel(streaming)
        .build()
        .stream(Messages.fromUser('Tell me about routers.'))
        .pipe(
          tap((event) => {
            if (event.type === 'text-delta') process.stdout.write(event.delta);
            if (event.type === 'provider-fallback') process.stdout.write(`\n   [${event.from} failed (${event.error.name}); ${event.mode} on ${event.to}] `);
          }),
        ),
    );
    console.log();
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
