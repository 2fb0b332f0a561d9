/**
 * OpenAI on the Responses API: streaming with reasoning summaries (`reasoning-delta` events), a
 * `@Tool()` class run by `ChatBuilder`, and, at the provider level, structured output (strict JSON
 * schema), web search with citations and image generation with partial images. Uses the real API
 * when OPENAI_API_KEY is set, the built-in provider emulator otherwise.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { Length } from 'class-validator';
import { lastValueFrom, tap } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools } from '../lib';
import type { Message } from '../lib/core';
import { OpenAIBuilder } from '../lib/providers/openai';
import { ProviderEmulator } from '../lib/testing';

class WeatherArgs {
  /** City name. */
  @Length(1, 80) city!: string;
}

class WeatherTools {
  // Declared in this entry script, so it takes the run-time schema: the description is given here.
  @Tool({ description: 'Current weather of a city.' })
  async getWeather(args: WeatherArgs): Promise<{ city: string; celsius: number; sky: string }> {
    return { city: args.city, celsius: 21, sky: 'sunny' };
  }
}

async function main(): Promise<void> {
  const live = Boolean(process.env.OPENAI_API_KEY);
  const emulator = live ? undefined : await ProviderEmulator.start();
  console.log(live ? 'Using the real OpenAI API (OPENAI_API_KEY is set).' : 'Using the built-in provider emulator (set OPENAI_API_KEY for the real API).');
  emulator?.script([
    { reasoning: 'The user wants a haiku about the sea.', text: 'Waves fold into foam / salt wind carries gull voices / the tide keeps its time' },
    { reasoning: 'Paris weather: call getWeather.', toolCalls: [{ id: 'call_1', name: 'getWeather', arguments: { city: 'Paris' } }] },
    { text: 'It is 21°C and sunny in Paris.' },
    { json: { city: 'Paris', country: 'France', population: 2100000 } },
    { text: 'The Responses API was released in March 2025.', sources: [{ url: 'https://openai.com/index/new-tools-for-building-agents/', title: 'New tools for building agents' }] },
    { images: [{ data: Buffer.from('not-really-a-png').toString('base64'), mediaType: 'image/png' }], text: 'Here is your lighthouse.' },
  ]);
  const builder = new OpenAIBuilder().withModel(live ? 'gpt-5-mini' : 'emulated-gpt');
  if (emulator) builder.withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator');
  const openai = builder.build();
  const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] });

  // 1. Streaming, with reasoning summaries: `reasoning-delta` events come before the answer's `text-delta`s.
  let thinking = false;
  await lastValueFrom(
    openai.stream({ messages: [user('Write a haiku about the sea.')], options: { reasoning: { effort: 'low' } } }).pipe(
      tap((e) => {
        if (e.type === 'reasoning-delta') {
          if (!thinking) process.stdout.write('[reasoning] ');
          thinking = true;
          process.stdout.write(e.delta);
        } else if (e.type === 'text-delta') {
          if (thinking) process.stdout.write('\nHaiku: ');
          thinking = false;
          process.stdout.write(e.delta);
        }
      }),
    ),
  );
  console.log();

  // 2. Tools: ChatBuilder runs the @Tool() method and sends its result back (function_call_output).
  const chat = new ChatBuilder().withModel(openai).withTools(collectTools(new WeatherTools())).build();
  const messages = Messages.fromUser('What is the weather in Paris?');
  const reply = await chat.complete(messages);
  for (const part of messages.toArray().flatMap((m) => m.parts)) {
    if (part.type === 'tool-call') console.log(`Tool call: ${part.name}(${JSON.stringify(part.arguments)})`);
    if (part.type === 'tool-result') console.log(`Tool result: ${part.content}`);
  }
  console.log('Answer:', reply.text);

  // 3. Structured output: the canonical schema is sent in the strict dialect; optional fields come back restored.
  const city = await openai.complete({
    messages: [user('Give facts about Paris.')],
    responseFormat: { name: 'city', schema: { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'country'] } },
  });
  console.log('Structured:', city.parts.find((p) => p.type === 'text')?.text);

  // 4. Web search: citations become `sources` on the text.
  const searched = await new OpenAIBuilder().withModel(openai.model).withWebSearch().withCustomUrl(emulator?.url('/v1') ?? 'https://api.openai.com/v1').withApiKey(process.env.OPENAI_API_KEY ?? 'sk-emulator').build().complete({ messages: [user('When was the Responses API released?')] });
  for (const part of searched.parts) if (part.type === 'text') console.log('Searched:', part.text, (part.sources ?? []).map((s) => s.url));

  // 5. Image generation, with partial images while streaming.
  const painter = new OpenAIBuilder().withModel(openai.model).withImageGeneration({ partialImages: 1, quality: 'low' }).withCustomUrl(emulator?.url('/v1') ?? 'https://api.openai.com/v1').withApiKey(process.env.OPENAI_API_KEY ?? 'sk-emulator').build();
  let partials = 0;
  const images = await lastValueFrom(painter.stream({ messages: [user('Draw a lighthouse at dusk.')] }).pipe(tap((e) => e.type === 'partial-image' && partials++)));
  const finalParts = images.type === 'step-finish' ? images.response.parts : [];
  console.log(`Image: ${finalParts.filter((p) => p.type === 'image').length} image(s), ${partials} partial image(s)`);

  await emulator?.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
