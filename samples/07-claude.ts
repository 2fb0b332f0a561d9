/**
 * Claude: a streamed turn with extended thinking and a tool call in the middle. The engine runs
 * the tool and sends the signed thinking back with the result, as Claude requires. Uses the real
 * API when CLAUDE_API_KEY or ANTHROPIC_API_KEY is set, the built-in provider emulator otherwise.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { Length } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools } from '../lib';
import { ClaudeBuilder } from '../lib/providers/claude';
import { ProviderEmulator } from '../lib/testing';
import { printEvents } from './support/print-events';

class WeatherArgs {
  /** City name. */
  @Length(1, 80) city!: string;
}

class WeatherTools {
  /** Current weather of a city. */
  @Tool({ description: 'Current weather of a city.' })
  async getWeather(args: WeatherArgs): Promise<{ city: string; celsius: number; sky: string }> {
    return { city: args.city, celsius: 21, sky: 'sunny' };
  }
}

async function main(): Promise<void> {
  const live = Boolean(process.env.CLAUDE_API_KEY || process.env.ANTHROPIC_API_KEY);
  const emulator = live ? undefined : await ProviderEmulator.start();
  console.log(live ? 'Using the real Anthropic API (an API key is set).' : 'Using the built-in provider emulator (set ANTHROPIC_API_KEY for the real API).');
  emulator?.script([
    {
      reasoning: 'The user asks about the weather in Paris. I should call getWeather.',
      reasoningSignature: 'EqQBCkYIBxgCKkDemoSignature',
      toolCalls: [{ name: 'getWeather', arguments: { city: 'Paris' } }],
    },
    { reasoning: 'The tool says 21°C and sunny.', reasoningSignature: 'EqQBCkYIBxgCKkDemoSignature2', text: 'It is 21°C and sunny in Paris: a good day for a walk along the Seine.' },
  ]);

  const builder = new ClaudeBuilder().withModel('claude-sonnet-4-5').withThinking(2048);
  if (emulator) builder.withBaseUrl(emulator.url()).withApiKey('sk-ant-emulator');
  const chat = new ChatBuilder().withModel(builder.build()).withTools(collectTools(new WeatherTools())).build();

  const messages = Messages.fromUser('What is the weather in Paris right now?');
  const finish = await lastValueFrom(chat.stream(messages).pipe(printEvents()));
  if (finish.type === 'finish') console.log(`\n[finish] ${finish.finishReason.unified}, ${finish.usage.totalTokens} tokens`);
  const signed = messages.toArray().flatMap((m) => m.parts).filter((p) => p.type === 'reasoning' && p.signature);
  console.log(`[conversation] ${messages.length} messages, ${signed.length} signed thinking block(s) kept for the next turn`);

  await emulator?.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
