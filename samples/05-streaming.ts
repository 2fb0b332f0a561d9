/**
 * Streaming: tokens are printed as they arrive, a tool call runs in the middle of the stream, and the
 * next model turn keeps streaming in the same Observable.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { IsString } from 'class-validator';
import { lastValueFrom, tap } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools } from '../lib';
import { completionsSample } from './support/completions-sample';

class TimeArgs {
  /** IANA time zone, e.g. "Europe/Paris". */
  @IsString() timeZone!: string;
}

class ClockTools {
  /** Current local time in a time zone. */
  @Tool({ description: 'Current local time in a time zone.' })
  localTime(args: TimeArgs): string {
    return new Date('2026-11-25T15:04:00Z').toLocaleTimeString('en-GB', { timeZone: args.timeZone, hour: '2-digit', minute: '2-digit' });
  }
}

async function main(): Promise<void> {
  const sample = await completionsSample([
    { text: 'Let me check the time in Tokyo. ', toolCalls: [{ name: 'localTime', arguments: { timeZone: 'Asia/Tokyo' } }], chunkDelayMs: 15 },
    { text: 'It is 00:04 in Tokyo, so most people there are asleep.', chunkDelayMs: 15 },
  ]);
  try {
    const chat = new ChatBuilder().withModel(sample.provider).withTools(collectTools(new ClockTools())).build();
    const messages = Messages.fromUser('What time is it in Tokyo? Use the tool.');
    let deltas = 0;
    const finish = await lastValueFrom(
      chat.stream(messages).pipe(
        tap((event) => {
          if (event.type === 'text-delta') {
            deltas++;
            process.stdout.write(event.delta);
          } else if (event.type === 'tool-call-end') process.stdout.write(`\n  [calling ${event.call.name}(${JSON.stringify(event.call.arguments)})]\n`);
          else if (event.type === 'tool-result') process.stdout.write(`  [result: ${event.result.content}]\n`);
        }),
      ),
    );
    process.stdout.write('\n');
    if (finish.type !== 'finish') throw new Error(`the stream ended with ${finish.type}`);
    console.log(`Finished: ${finish.status}, ${finish.finishReason.unified}, ${deltas} text deltas, ${finish.usage.totalTokens} tokens; ${messages.length} messages on the conversation.`);
  } finally {
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
