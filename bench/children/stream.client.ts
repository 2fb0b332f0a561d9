/*
 * Client side of the stream bench: the same 2,000-chunk Chat Completions SSE body read through
 * chat.stream() and through a raw node:http request that splits on blank lines and JSON.parses
 * each event, interleaved in rounds. Prints { totals, perRound, chunks } as JSON.
 */
import http from 'node:http';
import { interleaved } from '../support/measure';
import { arg, fromDist, printResult } from './dist.loader';
import { chatStream, rawSseStream } from './stream-readers';

const PROMPT = 'Tell me a long story.';

async function main(): Promise<void> {
  const base = arg('url', 'http://127.0.0.1:0');
  const streams = Number(arg('streams', '200'));
  const rounds = Number(arg('rounds', '10'));
  const chunks = Number(arg('chunks', '2000'));
  const { ChatBuilder } = fromDist<typeof import('../../lib')>('index.js');
  const { ChatCompletionsBuilder } = fromDist<typeof import('../../lib/providers/completions')>('providers/completions/index.js');

  const provider = new ChatCompletionsBuilder().withBaseUrl(`${base}/v1`).withModel('bench-model').build();
  const chat = new ChatBuilder().withModel(provider).build();
  const viaChat = (): Promise<number> => chatStream(chat, PROMPT);

  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: PROMPT }], stream: true, stream_options: { include_usage: true } });
  const raw = (): Promise<number> => rawSseStream(new URL(base), body, agent);

  const check = (label: string, fn: () => Promise<number>) => async (): Promise<void> => {
    const n = await fn();
    if (n !== chunks) throw new Error(`${label} read ${n} text chunks, expected ${chunks}`);
  };
  const result = await interleaved(
    [
      { label: 'raw node:http + JSON.parse', fn: check('raw', raw) },
      { label: 'chat.stream()', fn: check('chat.stream()', viaChat) },
    ],
    streams,
    rounds,
    Math.min(20, streams),
  );
  agent.destroy();
  printResult({ ...result, chunks });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
