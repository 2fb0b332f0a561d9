/**
 * Tools as `@Tool()` methods: the model calls them, chat-ts validates the arguments, runs the calls
 * (in parallel when the model asks for several) and asks the model again until it answers.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ChatBuilder, Messages, Tool, collectTools, type ToolContext } from '../lib';
import { completionsSample } from './support/completions-sample';

class WeatherArgs {
  /** City name, e.g. "Paris". */
  @IsString() @Length(1, 80) city!: string;
  /** Temperature unit. */
  @IsOptional() @IsIn(['celsius', 'fahrenheit']) unit?: 'celsius' | 'fahrenheit';
}

class WeatherTools {
  private readonly temperatures: Record<string, number> = { paris: 21, rome: 26, oslo: 9 };

  /** Get the current weather in a city. */
  @Tool({ description: 'Get the current weather in a city.' })
  getWeather(args: WeatherArgs, context: ToolContext<{ user: string }>): { city: string; temperature: number; unit: string } {
    console.log(`  → getWeather(${JSON.stringify(args)}) for ${context.context.user}`);
    const celsius = this.temperatures[args.city.toLowerCase()] ?? 15;
    const unit = args.unit ?? 'celsius';
    return { city: args.city, temperature: unit === 'celsius' ? celsius : Math.round(celsius * 1.8 + 32), unit };
  }
}

async function main(): Promise<void> {
  const sample = await completionsSample([
    { toolCalls: [{ name: 'getWeather', arguments: { city: 'Paris' } }, { name: 'getWeather', arguments: { city: 'Rome', unit: 'celsius' } }] },
    { text: 'Paris is at 21°C and Rome at 26°C: Rome is warmer.' },
  ]);
  try {
    const chat = new ChatBuilder()
      .withModel(sample.provider)
      .withSystemPrompt('Use the tools to answer. Be brief.')
      .withTools(collectTools(new WeatherTools()))
      .build();
    const messages = Messages.fromUser('Which is warmer right now, Paris or Rome?');
    const reply = await chat.complete(messages, { context: { user: 'sample-user' } });
    console.log(`Answer: ${reply.text}`);
    console.log(`Tool results: ${reply.toolResults.map((r) => `${r.name} → ${r.content}`).join('; ')}`);
    console.log(`${messages.length} messages on the conversation, ${reply.usage.totalTokens} tokens in all.`);
    if (reply.toolResults.length === 0 && sample.emulator) throw new Error('expected the tools to run');
  } finally {
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
