/**
 * OpenAI-compatible presets (`chat-ts/presets`): Groq with a plain answer, a streamed answer and a
 * tool call; OpenRouter (`OpenRouterBuilder`) with provider routing, fallback models, usage
 * accounting and app attribution; Perplexity with its citations as the answer's sources; and
 * Cohere's native v2 API (`chat-ts/cohere`) with a tool call. Each uses the real service when its
 * key is set (GROQ_API_KEY, OPENROUTER_API_KEY, PERPLEXITY_API_KEY, CO_API_KEY), the built-in
 * provider emulator otherwise.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { Length } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools } from '../lib';
import { CohereBuilder } from '../lib/providers/cohere';
import { OpenRouterBuilder, PresetBuilder } from '../lib/providers/presets';
import { realOrEmulated } from './support/real-or-emulated';
import { printEvents } from './support/print-events';

class WeatherArgs {
  /** City name. */
  @Length(1, 80) city!: string;
}

class WeatherTools {
  @Tool({ description: 'Current weather of a city.' })
  async getWeather(args: WeatherArgs): Promise<{ city: string; celsius: number; sky: string }> {
    return { city: args.city, celsius: 27, sky: 'sunny' };
  }
}

async function main(): Promise<void> {
  // 1. Groq: base URL and GROQ_API_KEY from the preset; `top_k` is left out (Groq rejects it).
  const groq = await realOrEmulated({
    label: 'Groq',
    envKeys: ['GROQ_API_KEY'],
    real: () => new PresetBuilder('groq').withModel('llama-3.3-70b-versatile').build(),
    // The emulator speaks Chat Completions under /v1; a preset's key is only checked by the real service.
    emulated: (emulator) => new PresetBuilder('groq').withBaseUrl(emulator.url('/v1')).withApiKey('groq-emulator-key').withModel('llama-3.3-70b-versatile').build(),
    script: [
      { text: 'Groq serves open models on its own LPU chips, which makes tokens arrive quickly.' },
      { text: 'A preset is data: base URL, key variable, defaults and quirks.' },
      { toolCalls: [{ id: 'call_1', name: 'getWeather', arguments: { city: 'Lisbon' } }] },
      { text: 'It is 27°C and sunny in Lisbon.' },
    ],
  });
  const chat = new ChatBuilder().withModel(groq.provider).build();
  console.log(`[groq answer] ${(await chat.complete('In one sentence: what is Groq?')).text}`);
  process.stdout.write('[groq stream] ');
  await lastValueFrom(chat.stream(Messages.fromUser('In one sentence: what is a preset?'), { options: { topK: 40 } }).pipe(printEvents()));
  console.log();
  const withTools = new ChatBuilder().withModel(groq.provider).withTools(collectTools(new WeatherTools())).build();
  const finish = await lastValueFrom(withTools.stream(Messages.fromUser('What is the weather in Lisbon?')).pipe(printEvents()));
  if (finish.type === 'finish') console.log(`\n[groq finish] ${finish.finishReason.unified}, ${finish.usage.totalTokens} tokens`);
  await groq.close();

  // 2. OpenRouter: provider routing, fallback models, usage accounting and app attribution as typed methods.
  const openrouterBuilder = () =>
    new OpenRouterBuilder()
      .withModel('openai/gpt-4o-mini')
      .withFallbackModels('anthropic/claude-3.5-haiku')
      .withProviderRouting({ allowFallbacks: true, sort: 'price' })
      .withUsageAccounting()
      .withAppAttribution({ url: 'https://example.com', title: 'chat-ts sample' });
  const openrouter = await realOrEmulated({
    label: 'OpenRouter',
    envKeys: ['OPENROUTER_API_KEY'],
    real: () => openrouterBuilder().build(),
    emulated: (emulator) => openrouterBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('openrouter-emulator-key').build(),
    script: [{ text: 'OpenRouter routes one request to one of many providers, with fallbacks.', usage: { input: 14, output: 12, cached: 8 } }],
  });
  const routed = await new ChatBuilder().withModel(openrouter.provider).build().complete('In one sentence: what is OpenRouter?');
  console.log(`[openrouter answer] ${routed.text} (${routed.usage.totalTokens} tokens, ${routed.usage.cachedInputTokens ?? 0} cached)`);
  await openrouter.close();

  // 3. Perplexity: the answer's `citations` become the text part's sources.
  const perplexity = await realOrEmulated({
    label: 'Perplexity',
    envKeys: ['PERPLEXITY_API_KEY'],
    real: () => new PresetBuilder('perplexity').withModel('sonar').build(),
    emulated: (emulator) => new PresetBuilder('perplexity').withBaseUrl(emulator.url('/v1')).withApiKey('perplexity-emulator-key').withModel('sonar').build(),
    script: [{ text: 'Lisbon is the capital of Portugal.', sources: [{ url: 'https://en.wikipedia.org/wiki/Lisbon' }] }],
  });
  const cited = await new ChatBuilder().withModel(perplexity.provider).build().complete('What is the capital of Portugal?');
  const sources = cited.message.parts.flatMap((p) => (p.type === 'text' ? (p.sources ?? []) : []));
  console.log(`[perplexity answer] ${cited.text} (sources: ${sources.map((s) => s.url).join(', ') || 'none'})`);
  await perplexity.close();

  // 4. Cohere's native v2 API: the tool plan streams as reasoning, then the tool call runs.
  const cohere = await realOrEmulated({
    label: 'Cohere',
    envKeys: ['CO_API_KEY', 'COHERE_API_KEY'],
    real: () => new CohereBuilder().withModel('command-a-03-2025').build(),
    emulated: (emulator) => new CohereBuilder().withBaseUrl(emulator.url()).withApiKey('cohere-emulator-key').withModel('command-a-03-2025').build(),
    script: [{ toolCalls: [{ name: 'getWeather', arguments: { city: 'Lisbon' } }] }, { text: 'It is sunny and 27 °C in Lisbon.' }],
  });
  const cohereChat = new ChatBuilder().withModel(cohere.provider).withTools(collectTools(new WeatherTools())).build();
  process.stdout.write('[cohere stream] ');
  await lastValueFrom(cohereChat.stream(Messages.fromUser('What is the weather in Lisbon?')).pipe(printEvents()));
  console.log();
  await cohere.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
