/**
 * Amazon Bedrock: a plain answer (Converse), a streamed answer (ConverseStream, the binary AWS event
 * stream) and a tool call, signed with SigV4. Uses the real Bedrock when AWS_BEARER_TOKEN_BEDROCK,
 * AWS_ACCESS_KEY_ID or AWS_PROFILE is set (region from AWS_REGION, default `us-east-1`; model from
 * BEDROCK_MODEL), the built-in provider emulator otherwise.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { Length } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools } from '../lib';
import { BedrockBuilder } from '../lib/providers/bedrock';
import { realOrEmulated } from './support/real-or-emulated';
import { printEvents } from './support/print-events';

const MODEL = process.env.BEDROCK_MODEL ?? 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

class WeatherArgs {
  /** City name. */
  @Length(1, 80) city!: string;
}

class WeatherTools {
  @Tool({ description: 'Current weather of a city.' })
  async getWeather(args: WeatherArgs): Promise<{ city: string; celsius: number; sky: string }> {
    return { city: args.city, celsius: 14, sky: 'light rain' };
  }
}

async function main(): Promise<void> {
  const { provider: bedrock, close } = await realOrEmulated({
    label: 'Amazon Bedrock',
    envKeys: ['AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE'],
    // The standard AWS credential chain (env, profile, SSO, roles) or the Bedrock API key.
    real: () => new BedrockBuilder().withRegion(process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1').withModel(MODEL).build(),
    // The emulator checks the SigV4 Authorization header's format, so the requests are signed for real
    // with throwaway credentials that exist only here (never in the environment, never printed).
    emulated: (emulator) =>
      new BedrockBuilder()
        .withRegion('us-east-1')
        .withBaseUrl(emulator.url())
        .withModel(MODEL)
        .withCredentials({ accessKeyId: 'AKIDEMULATOREXAMPLE', secretAccessKey: 'emulator-only-secret-not-a-real-key' })
        .build(),
    script: [
      { text: 'Amazon Bedrock runs foundation models from several vendors behind one AWS API.' },
      { text: 'ConverseStream sends its events as binary frames, each with a CRC, that chat-ts decodes as they arrive.' },
      { toolCalls: [{ id: 'tooluse_1', name: 'getWeather', arguments: { city: 'Dublin' } }] },
      { text: 'It is 14°C with light rain in Dublin: take an umbrella.' },
    ],
  });

  // 1. A plain answer: POST /model/<model>/converse.
  const chat = new ChatBuilder().withModel(bedrock).build();
  const plain = await chat.complete('In one sentence: what is Amazon Bedrock?');
  console.log(`[answer] ${plain.text}`);

  // 2. A streamed answer: POST /model/<model>/converse-stream, the AWS event stream decoded frame by frame.
  process.stdout.write('[stream] ');
  await lastValueFrom(chat.stream(Messages.fromUser('In one sentence: how does ConverseStream stream?')).pipe(printEvents()));
  console.log();

  // 3. A tool call: toolUse from Bedrock, the result back as a toolResult block in a user turn.
  const withTools = new ChatBuilder().withModel(bedrock).withTools(collectTools(new WeatherTools())).build();
  const finish = await lastValueFrom(withTools.stream(Messages.fromUser('What is the weather in Dublin?')).pipe(printEvents()));
  if (finish.type === 'finish') console.log(`\n[finish] ${finish.finishReason.unified}, ${finish.usage.totalTokens} tokens`);

  await close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
