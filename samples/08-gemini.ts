/**
 * 08 — Gemini: streaming with thoughts, a function call round trip, structured output,
 * Google Search grounding, code execution and embeddings.
 *
 * Uses the real Gemini API when GEMINI_API_KEY is set, the built-in provider emulator otherwise.
 * Run: npx ts-node --transpile-only samples/08-gemini.ts
 */
import type { Message } from '../lib/core/message.types';
import type { ToolCallPart } from '../lib/core/content-part.types';
import { GeminiBuilder } from '../lib/providers/gemini';
import { ProviderEmulator } from '../lib/testing';

const MODEL = process.env.GEMINI_MODEL ?? 'gemini-2.5-flash';

async function main(): Promise<void> {
  const live = Boolean(process.env.GEMINI_API_KEY);
  const emulator = live ? undefined : await ProviderEmulator.start();
  console.log(live ? `Using the real Gemini API (${MODEL})` : 'Using the provider emulator (set GEMINI_API_KEY to use the real Gemini API)');
  emulator?.script([
    { reasoning: 'The user wants a haiku about the sea.', text: 'Grey waves fold and break / salt wind carries gull voices / the tide keeps its time' },
    { toolCalls: [{ name: 'getWeather', arguments: { city: 'Paris' } }] },
    { text: 'It is 18 °C and sunny in Paris.' },
    { json: { city: 'Paris', country: 'France', population: 2102650 } },
    { text: 'The 2024 Summer Olympics were held in Paris.', sources: [{ url: 'https://en.wikipedia.org/wiki/2024_Summer_Olympics', title: 'wikipedia.org' }] },
    { codeExecution: { code: 'print(sum(range(1, 101)))', output: '5050\n' }, text: 'The sum of 1..100 is 5050.' },
  ]);
  const gemini = () => {
    const builder = new GeminiBuilder().withModel(MODEL);
    return emulator ? builder.withApiKey('emulator-key').withBaseUrl(emulator.url('/v1beta')) : builder;
  };
  const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] });

  // 1. Streaming, with thought summaries as reasoning deltas.
  const provider = gemini().withThinking({ includeThoughts: true }).build();
  let thinking = false;
  await new Promise<void>((resolve, reject) => {
    provider.stream({ messages: [user('Write a haiku about the sea.')] }).subscribe({
      next: (event) => {
        if (event.type === 'reasoning-delta') {
          thinking = true;
          process.stdout.write(`\x1b[2m${event.delta}\x1b[0m`);
        }
        if (event.type === 'text-delta') {
          if (thinking) process.stdout.write('\n');
          thinking = false;
          process.stdout.write(event.delta);
        }
        if (event.type === 'step-finish') console.log(`\n[${event.response.finishReason.unified}, ${event.response.usage.totalTokens} tokens]`);
      },
      error: reject,
      complete: resolve,
    });
  });

  // 2. A function call round trip (the ChatBuilder engine runs this loop for you).
  const tools = [{ name: 'getWeather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const messages: Message[] = [user('What is the weather in Paris?')];
  const first = await provider.complete({ messages, tools });
  const calls = first.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
  messages.push({ role: 'assistant', parts: first.parts });
  messages.push({ role: 'tool', parts: calls.map((c) => ({ type: 'tool-result' as const, callId: c.id, name: c.name, content: JSON.stringify({ celsius: 18, sky: 'sunny' }) })) });
  const second = await provider.complete({ messages, tools });
  console.log(`tool call: ${calls.map((c) => `${c.name}(${JSON.stringify(c.arguments)})`).join(', ')} → ${textOf(second.parts)}`);

  // 3. Structured output (responseJsonSchema).
  const city = await provider.complete({
    messages: [user('Give me facts about Paris.')],
    responseFormat: { name: 'City', schema: { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'country', 'population'] } },
  });
  console.log('structured:', JSON.parse(textOf(city.parts)));

  // 4. Google Search grounding: sources on the text.
  const grounded = await gemini().withGoogleSearch().build().complete({ messages: [user('Where were the 2024 Summer Olympics held?')] });
  const sources = grounded.parts.flatMap((p) => (p.type === 'text' ? (p.sources ?? []) : []));
  console.log(`grounded: ${textOf(grounded.parts)} (${sources.length} source(s), e.g. ${sources[0]?.url ?? 'none'})`);

  // 5. Code execution: code and output come back as provider parts.
  const computed = await gemini().withCodeExecution().build().complete({ messages: [user('Compute the sum of 1..100 with code.')] });
  for (const part of computed.parts) if (part.type === 'provider') console.log(`${part.kind}:`, JSON.stringify(part.data));
  console.log('answer:', textOf(computed.parts));

  // 6. Embeddings (embedContent / batchEmbedContents).
  const embeddings = await gemini().withEmbeddings('gemini-embedding-001').build().embed({ texts: ['sea', 'ocean', 'mountain'], dimensions: 8 });
  console.log(`embeddings: ${embeddings.vectors.length} vectors of ${embeddings.dimensions} dimensions`);

  await emulator?.close();
}

function textOf(parts: readonly { type: string; text?: string }[]): string {
  return parts.flatMap((p) => (p.type === 'text' && p.text ? [p.text] : [])).join('');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
