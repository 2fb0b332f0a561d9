/**
 * Python tools: `@tool()` functions in samples/python/*.py are loaded at run time, run by a small
 * Python host process, and offered to the model beside a TypeScript `@Tool()` method. The model
 * calls both in the same turn.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { join } from 'node:path';
import { IsString } from 'class-validator';
import { ChatBuilder, Messages, Tool, ToolsBuilder } from '../lib';
import { completionsSample } from './support/completions-sample';

class CityArgs {
  /** City name. */
  @IsString() city!: string;
}

class TravelTools {
  /** Local currency of a city. */
  @Tool({ description: 'Local currency of a city.' })
  currency(args: CityArgs): string {
    return ({ tokyo: 'JPY', paris: 'EUR', london: 'GBP' } as Record<string, string>)[args.city.toLowerCase()] ?? 'unknown';
  }
}

async function main(): Promise<void> {
  const sample = await completionsSample([
    {
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Tokyo', unit: 'celsius' } },
        { name: 'currency', arguments: { city: 'Tokyo' } },
      ],
    },
    { text: 'Tokyo is 22°C and partly cloudy; bring some yen (JPY).' },
  ]);
  const tools = await new ToolsBuilder().add(new TravelTools()).fromPython(join(__dirname, 'python')).collect();
  try {
    console.log(`Tools: ${tools.tools.map((t) => t.name).join(', ')} (get_weather is Python)`);
    const chat = new ChatBuilder().withModel(sample.provider).withTools(tools).build();
    const reply = await chat.complete(Messages.fromUser('Weather and currency for a trip to Tokyo?'));
    for (const r of reply.toolResults) console.log(`  ${r.name} → ${r.content}${r.isError ? ' (error)' : ''}`);
    console.log(`Answer: ${reply.text}`);
    if (sample.emulator && reply.toolResults.some((r) => r.isError)) throw new Error('a tool failed');
  } finally {
    await tools.dispose?.();
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
