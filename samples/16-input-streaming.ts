/**
 * Input streaming: type while the model answers. Each line you type interrupts the answer (the HTTP
 * request is aborted) and the model restarts with your input merged; a burst of lines makes one
 * restart. An empty line ends the session after the current answer; Ctrl+C cancels it. With `--yes`
 * (or without a TTY, as in `npm run demo`) it pushes a scripted follow-up instead of reading stdin.
 */
import { createInterface } from 'node:readline';
import { ChatBuilder, Messages, type StreamEvent } from '../lib';
import { completionsSample } from './support/completions-sample';
import { unattended } from './support/real-or-emulated';

const FOLLOW_UP = 'Keep it to one sentence, please.';

function show(event: StreamEvent<string>): void {
  switch (event.type) {
    case 'text-delta':
      return void process.stdout.write(event.delta);
    case 'input-accepted':
      return void process.stdout.write(`\n  [you: ${event.parts.map((p) => (p.type === 'text' ? p.text : `<${p.type}>`)).join('')}]`);
    case 'generation-interrupted':
      return void process.stdout.write(`\n  [answer interrupted after ${event.partialText.length} characters]`);
    case 'generation-restarted':
      return void process.stdout.write('\n  [restarting with your input]\n');
    case 'finish':
      return void process.stdout.write(`\n  [${event.status}, ${event.usage.totalTokens} tokens]\n`);
    default:
      return;
  }
}

async function main(): Promise<void> {
  const sample = await completionsSample([
    {
      text: 'Paris began as a Celtic settlement of the Parisii on an island in the Seine, became the Roman town of Lutetia, grew into the capital of the Franks, and over the centuries gathered cathedrals, universities, boulevards and museums that made it one of the great cities of the world.',
      chunkDelayMs: 40,
    },
    { text: 'Paris grew from a Celtic island village into a Roman town and then the capital of France.', chunkDelayMs: 20 },
  ]);
  try {
    const chat = new ChatBuilder().withModel(sample.provider).withSystemPrompt('You are a concise history guide.').build();
    const session = chat.session(Messages.fromUser('Tell me the history of Paris.'), { inputHandling: { coalesceMs: 300 } });
    const done = new Promise<void>((resolve, reject) => session.events$.subscribe({ next: show, error: reject, complete: resolve }));

    if (unattended()) {
      console.log('(unattended: a scripted follow-up interrupts the answer)');
      let deltas = 0;
      const pusher = session.events$.subscribe((event) => {
        // mid-answer (or, for a very short real answer, right after it) push the follow-up, then end
        if ((event.type === 'text-delta' && ++deltas === 6) || event.type === 'finish') {
          session.send(FOLLOW_UP);
          session.end();
          pusher.unsubscribe();
        }
      });
    } else {
      console.log('(type a line to interrupt the answer; an empty line ends, Ctrl+C cancels)');
      const lines = createInterface({ input: process.stdin });
      lines.on('line', (line) => (line.trim() === '' ? session.end() : session.send(line)));
      lines.on('close', () => session.end());
      lines.on('SIGINT', () => session.cancel());
      void done.finally(() => lines.close());
    }

    await done;
    const roles = session.messages.toArray().map((m) => `${m.role}${m.status ? `(${m.status})` : ''}`);
    console.log(`Conversation: ${roles.join(' → ')}`);
  } finally {
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
