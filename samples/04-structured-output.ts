/**
 * Structured output: the answer is a validated instance of a class. When the model's JSON does not
 * validate, chat-ts sends the errors back and asks again (the emulator's first answer is invalid
 * on purpose, to show one repair round).
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { ChatBuilder, Messages, Schema } from '../lib';
import { completionsSample } from './support/completions-sample';

@Schema({ description: 'A weather report.' })
class Weather {
  /** The city the report is for. */
  @IsString() city!: string;
  /** Temperature in degrees Celsius. */
  @IsInt() @Min(-80) @Max(60) temperature!: number;
  /** Sky conditions. */
  @IsIn(['sunny', 'cloudy', 'rain', 'snow']) conditions!: 'sunny' | 'cloudy' | 'rain' | 'snow';

  summary(): string {
    return `${this.city}: ${this.temperature}°C, ${this.conditions}`;
  }
}

async function main(): Promise<void> {
  const sample = await completionsSample([
    { json: { city: 'Paris', temperature: 'warm', conditions: 'sunny' } },
    { json: { city: 'Paris', temperature: 21, conditions: 'sunny' } },
  ]);
  try {
    const chat = new ChatBuilder().withModel(sample.provider).withStructuredOutput(Weather).withRepairAttempts(2).build();
    const reply = await chat.complete(Messages.fromUser('Give me a weather report for Paris.'));
    const weather: Weather = reply.output;
    console.log(`Typed answer: ${weather.summary()} (an instance of Weather: ${weather instanceof Weather})`);
    if (sample.emulator) {
      const requests = sample.emulator.requests();
      console.log(`The emulator saw ${requests.length} requests: the first answer failed validation, chat-ts asked again.`);
    }
  } finally {
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
