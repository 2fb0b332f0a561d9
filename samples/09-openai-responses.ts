/**
 * OpenAI on the Responses API, at the provider level: streaming with reasoning summaries, a tool
 * call answered by hand, structured output (strict JSON schema), web search with citations and
 * image generation with partial images. Uses the real API when OPENAI_API_KEY is set, the built-in
 * provider emulator otherwise.
 */
import { lastValueFrom, tap } from 'rxjs';
import type { Message } from '../lib/core';
import { OpenAIBuilder } from '../lib/providers/openai';
import { ProviderEmulator } from '../lib/testing';

async function main(): Promise<void> {
  const live = Boolean(process.env.OPENAI_API_KEY);
  const emulator = live ? undefined : await ProviderEmulator.start();
  console.log(live ? 'Using the real OpenAI API (OPENAI_API_KEY is set).' : 'Using the built-in provider emulator (set OPENAI_API_KEY for the real API).');
  emulator?.script([
    { reasoning: 'The user wants a haiku about the sea.', text: 'Waves fold into foam / salt wind carries gull voices / the tide keeps its time' },
    { toolCalls: [{ id: 'call_1', name: 'getWeather', arguments: { city: 'Paris' } }] },
    { text: 'It is 21°C and sunny in Paris.' },
    { json: { city: 'Paris', country: 'France', population: 2100000 } },
    { text: 'The Responses API was released in March 2025.', sources: [{ url: 'https://openai.com/index/new-tools-for-building-agents/', title: 'New tools for building agents' }] },
    { images: [{ data: Buffer.from('not-really-a-png').toString('base64'), mediaType: 'image/png' }], text: 'Here is your lighthouse.' },
  ]);
  const builder = new OpenAIBuilder().withModel(live ? 'gpt-5-mini' : 'emulated-gpt');
  if (emulator) builder.withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator');
  const openai = builder.build();
  const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] });

  // 1. Streaming, with reasoning summaries.
  process.stdout.write('Haiku: ');
  await lastValueFrom(openai.stream({ messages: [user('Write a haiku about the sea.')], options: { reasoning: { effort: 'low' } } }).pipe(tap((e) => e.type === 'text-delta' && process.stdout.write(e.delta))));
  console.log();

  // 2. A tool call, answered by hand (the engine's ChatBuilder runs tools for you).
  const tools = [{ name: 'getWeather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const conversation: Message[] = [user('What is the weather in Paris?')];
  const step = await openai.complete({ messages: conversation, tools });
  conversation.push({ role: 'assistant', parts: step.parts, metadata: step.metadata });
  for (const call of step.parts.filter((p) => p.type === 'tool-call')) {
    console.log(`Tool call: ${call.name}(${JSON.stringify(call.arguments)})`);
    conversation.push({ role: 'tool', parts: [{ type: 'tool-result', callId: call.id, name: call.name, content: '{"celsius":21,"sky":"sunny"}' }] });
  }
  const answer = await openai.complete({ messages: conversation, tools });
  console.log('Answer:', answer.parts.filter((p) => p.type === 'text').map((p) => p.text).join(''));

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
