/*
 * Client side of the large-event bench: a stream whose one SSE event carries `--megabytes` MB of
 * text, read through chat.stream() and through openai-node's stream reader
 * (`chat.completions.create({ stream: true })`, iterated), interleaved in rounds.
 * Prints { totals, perRound, megabytes } as JSON.
 */
import { interleaved } from '../support/measure';
import { arg, dependency, fromDist, printResult } from './dist.loader';

type OpenAIClient = {
  chat: { completions: { create(body: unknown): Promise<AsyncIterable<{ choices: { delta?: { content?: string | null } }[] }>> } };
};

const PROMPT = 'Send the picture.';

async function main(): Promise<void> {
  const base = arg('url', 'http://127.0.0.1:0');
  const megabytes = Number(arg('megabytes', '10'));
  const rounds = Number(arg('rounds', '3'));
  const model = `large-${megabytes}`;
  const expected = megabytes * 1024 * 1024;
  const { ChatBuilder } = fromDist<typeof import('../../lib')>('index.js');
  const { ChatCompletionsBuilder } = fromDist<typeof import('../../lib/providers/completions')>('providers/completions/index.js');
  const chat = new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(`${base}/v1`).withModel(model).build()).build();
  const OpenAI = dependency<{ default: new (options: Record<string, unknown>) => OpenAIClient }>('openai').default;
  const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'bench', maxRetries: 0 });

  const viaChat = (): Promise<number> =>
    new Promise((resolve, reject) => {
      let n = 0;
      chat.stream(PROMPT).subscribe({
        next: (event) => {
          if (event.type === 'text-delta') n += event.delta.length;
        },
        error: reject,
        complete: () => resolve(n),
      });
    });
  const viaOpenAI = async (): Promise<number> => {
    let n = 0;
    const stream = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: PROMPT }], stream: true });
    for await (const chunk of stream) n += chunk.choices[0]?.delta?.content?.length ?? 0;
    return n;
  };
  const check = (label: string, fn: () => Promise<number>) => async (): Promise<void> => {
    const n = await fn();
    if (n !== expected) throw new Error(`${label} read ${n} characters, expected ${expected}`);
  };
  const result = await interleaved(
    [
      { label: 'openai-node stream', fn: check('openai-node', viaOpenAI) },
      { label: 'chat.stream()', fn: check('chat.stream()', viaChat) },
    ],
    rounds,
    rounds,
    1,
  );
  printResult({ ...result, megabytes });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
