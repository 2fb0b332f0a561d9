/**
 * Gemini: a streamed tool turn with thoughts (thought signatures go back with the tool results),
 * structured output into a validated class, Google Search grounding, code execution, embeddings.
 * Uses the real Gemini API when GEMINI_API_KEY is set, the built-in provider emulator otherwise.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { IsInt, IsString, Length, Min } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { ChatBuilder, Messages, Schema, Tool, collectTools } from '../lib';
import { GeminiBuilder } from '../lib/providers/gemini';
import { realOrEmulated } from './support/real-or-emulated';
import { printEvents } from './support/print-events';

const MODEL = process.env.GEMINI_MODEL ?? 'gemini-2.5-flash';

class WeatherArgs {
  /** City name. */
  @Length(1, 80) city!: string;
}

class WeatherTools {
  /** Current weather of a city. */
  @Tool({ description: 'Current weather of a city.' })
  async getWeather(args: WeatherArgs): Promise<{ city: string; celsius: number; sky: string }> {
    return { city: args.city, celsius: 18, sky: 'sunny' };
  }
}

/** Facts about a city. */
@Schema()
class CityFacts {
  /** City name. */
  @IsString() city!: string;
  /** Country the city is in. */
  @IsString() country!: string;
  /** Inhabitants. */
  @IsInt() @Min(0) population!: number;
}

async function main(): Promise<void> {
  // A builder factory: each step below adds its own native tools.
  const { provider: gemini, close } = await realOrEmulated({
    label: 'Gemini',
    envKeys: ['GEMINI_API_KEY'],
    real: () => () => new GeminiBuilder().withModel(MODEL),
    emulated: (emulator) => () => new GeminiBuilder().withModel(MODEL).withApiKey('emulator-key').withBaseUrl(emulator.url('/v1beta')),
    script: [
      { reasoning: 'The user wants the weather in Paris: call getWeather.', reasoningSignature: 'Q2lRQkRlbW9TaWduYXR1cmU=', toolCalls: [{ name: 'getWeather', arguments: { city: 'Paris' } }] },
      { text: 'It is 18°C and sunny in Paris: a good day for a walk along the Seine.' },
      { json: { city: 'Paris', country: 'France', population: 2102650 } },
      { text: 'The 2024 Summer Olympics were held in Paris, France.', sources: [{ url: 'https://en.wikipedia.org/wiki/2024_Summer_Olympics', title: 'wikipedia.org' }] },
      { codeExecution: { code: 'print(sum(range(1, 101)))', output: '5050\n' }, text: 'The sum of 1 to 100 is 5050.' },
    ],
  });

  // 1. A streamed tool turn with thought summaries.
  const chat = new ChatBuilder().withModel(gemini().withThinking({ includeThoughts: true }).build()).withTools(collectTools(new WeatherTools())).build();
  const messages = Messages.fromUser('What is the weather in Paris right now?');
  const finish = await lastValueFrom(chat.stream(messages).pipe(printEvents()));
  if (finish.type === 'finish') console.log(`\n[finish] ${finish.finishReason.unified}, ${finish.usage.totalTokens} tokens`);
  const signed = messages.toArray().flatMap((m) => m.parts).filter((p) => p.type === 'reasoning' && p.signature);
  console.log(`[conversation] ${messages.length} messages, ${signed.length} thought signature(s) kept for the next turn`);

  // 2. Structured output into a validated class (responseJsonSchema).
  const facts = await new ChatBuilder().withModel(gemini().build()).withStructuredOutput(CityFacts).build().complete('Give me facts about Paris.');
  console.log(`[structured] ${facts.output.city}, ${facts.output.country}: ${facts.output.population} inhabitants`);

  // 3. Google Search grounding: the answer's text carries its sources.
  const grounded = await new ChatBuilder().withModel(gemini().withGoogleSearch().build()).build().complete('Where were the 2024 Summer Olympics held?');
  const sources = grounded.message.parts.flatMap((p) => (p.type === 'text' ? (p.sources ?? []) : []));
  console.log(`[grounded] ${grounded.text} (${sources.length} source(s), e.g. ${sources[0]?.url ?? 'none'})`);

  // 4. Code execution: the code and its output come back as provider parts.
  const computed = await new ChatBuilder().withModel(gemini().withCodeExecution().build()).build().complete('Compute the sum of 1..100 with code.');
  for (const part of computed.message.parts) if (part.type === 'provider') console.log(`[${part.kind}] ${JSON.stringify(part.data)}`);
  console.log(`[answer] ${computed.text}`);

  // 5. Embeddings (embedContent for one text, batchEmbedContents for several).
  const embedder = new ChatBuilder().withModel(gemini().withEmbeddings('gemini-embedding-001').build()).build();
  const embeddings = await embedder.embed(['sea', 'ocean', 'mountain'], { dimensions: 8, taskType: 'semantic-similarity' });
  console.log(`[embeddings] ${embeddings.vectors.length} vectors of ${embeddings.dimensions} dimensions`);

  await close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
