/**
 * Vertex AI: Gemini and Claude on Google Cloud, each with a plain answer, a streamed answer and a tool
 * call. Uses the real Vertex AI when GOOGLE_VERTEX_PROJECT or GOOGLE_CLOUD_PROJECT is set (OAuth
 * tokens from Application Default Credentials through google-auth-library; Gemini's location from
 * GOOGLE_VERTEX_LOCATION, default us-central1; Claude on the `global` endpoint), the built-in
 * provider emulator otherwise.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { Length } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools, type ChatProvider } from '../lib';
import { VertexClaudeBuilder, VertexGeminiBuilder } from '../lib/providers/vertex';
import { realOrEmulated } from './support/real-or-emulated';
import { printEvents } from './support/print-events';

const GEMINI = process.env.VERTEX_GEMINI_MODEL ?? 'gemini-2.5-flash';
const CLAUDE = process.env.VERTEX_CLAUDE_MODEL ?? 'claude-sonnet-4-5@20250929';

class WeatherArgs {
  /** City name. */
  @Length(1, 80) city!: string;
}

class WeatherTools {
  @Tool({ description: 'Current weather of a city.' })
  async getWeather(args: WeatherArgs): Promise<{ city: string; celsius: number; sky: string }> {
    return { city: args.city, celsius: 24, sky: 'clear' };
  }
}

/** The three steps, the same for both models. */
async function tour(label: string, model: ChatProvider): Promise<void> {
  const chat = new ChatBuilder().withModel(model).build();
  const plain = await chat.complete('In one sentence: what is Vertex AI?');
  console.log(`[${label} answer] ${plain.text}`);

  process.stdout.write(`[${label} stream] `);
  await lastValueFrom(chat.stream(Messages.fromUser('In one sentence: what is a Vertex location?')).pipe(printEvents()));
  console.log();

  const withTools = new ChatBuilder().withModel(model).withTools(collectTools(new WeatherTools())).build();
  const finish = await lastValueFrom(withTools.stream(Messages.fromUser('What is the weather in Madrid?')).pipe(printEvents()));
  if (finish.type === 'finish') console.log(`\n[${label} finish] ${finish.finishReason.unified}, ${finish.usage.totalTokens} tokens`);
}

async function main(): Promise<void> {
  const turns = (who: string) => [
    { text: `${who} on Vertex AI: Google Cloud's platform for models, with your project's IAM, quotas and regions.` },
    { text: `${who} here: a location is the region (or global endpoint) that serves the request.` },
    { toolCalls: [{ name: 'getWeather', arguments: { city: 'Madrid' } }] },
    { text: `${who}: it is 24°C and clear in Madrid.` },
  ];
  const { provider: vertex, close } = await realOrEmulated({
    label: 'Vertex AI',
    envKeys: ['GOOGLE_VERTEX_PROJECT', 'GOOGLE_CLOUD_PROJECT'],
    // Project from the environment, tokens from Application Default Credentials (google-auth-library).
    real: () => ({
      gemini: new VertexGeminiBuilder().withModel(GEMINI).build(),
      claude: new VertexClaudeBuilder().withModel(CLAUDE).withLocation('global').build(),
    }),
    // The emulator serves Vertex's paths and wants a bearer token: a fixed one from a token provider.
    emulated: (emulator) => ({
      gemini: new VertexGeminiBuilder().withProject('demo-project').withLocation('us-central1').withBaseUrl(emulator.url()).withTokenProvider(() => 'emulator-token').withModel(GEMINI).build(),
      claude: new VertexClaudeBuilder().withProject('demo-project').withLocation('us-east5').withBaseUrl(emulator.url()).withTokenProvider(() => 'emulator-token').withModel(CLAUDE).build(),
    }),
    script: [...turns('Gemini'), ...turns('Claude')],
  });

  // Gemini: …/publishers/google/models/<model>:generateContent and :streamGenerateContent?alt=sse
  await tour('gemini', vertex.gemini);
  // Claude: …/publishers/anthropic/models/<model>:rawPredict and :streamRawPredict, anthropic_version in the body
  await tour('claude', vertex.claude);

  await close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
