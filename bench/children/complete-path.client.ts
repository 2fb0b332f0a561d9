/*
 * Client side of the complete-path bench (issue 26): the same turn through `chat.complete(m)` (the
 * direct path: one JSON reply) and through `lastValueFrom(chat.stream(m).pipe(toResponse()))` (the
 * collection of the stream's events), interleaved in rounds, for a plain answer and a 2-step tool loop.
 * Prints { plain, tools } (each an InterleavedResult) as JSON.
 */
import { interleaved } from '../support/measure';
import type { ToolDefinition } from '../../lib/core/tool.types';
import { arg, dependency, fromDist, printResult } from './dist.loader';

const PROMPT = 'What is the capital of France?';
const WARMUP = 200;

async function main(): Promise<void> {
  const base = arg('url', 'http://127.0.0.1:0');
  const requests = Number(arg('requests', '3000'));
  const rounds = Number(arg('rounds', '10'));
  const { ChatBuilder, Messages, toResponse } = fromDist<typeof import('../../lib')>('index.js');
  const { ChatCompletionsBuilder } = fromDist<typeof import('../../lib/providers/completions')>('providers/completions/index.js');
  const { lastValueFrom } = dependency<typeof import('rxjs')>('rxjs');
  const axios = dependency<typeof import('axios').default>('axios');

  const weather: ToolDefinition = {
    name: 'weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    metadata: {},
    validate: async (args) => ({ ok: true, value: args }),
    execute: async () => ({ celsius: 21 }),
  };
  // plain: the emulator echoes (no script); tools: its own emulator session, scripted up front
  const plain = new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(`${base}/v1`).withModel('bench-model').build()).build();
  const tools = new ChatBuilder()
    .withModel(new ChatCompletionsBuilder().withBaseUrl(`${base}/s/tools/v1`).withModel('bench-model').build())
    .withTools([weather])
    .build();
  const turns = 2 * (WARMUP + Math.ceil(requests / rounds) * rounds) + 2;
  const replies = Array.from({ length: turns }, () => [{ toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'It is 21 degrees in Paris.' }]).flat();
  await axios.post(`${base}/_emulator/script`, { sessions: { tools: replies } });

  const direct = (chat: typeof plain) => async () => (await chat.complete(Messages.fromUser(PROMPT))).text;
  const collected = (chat: typeof plain) => async () => (await lastValueFrom(chat.stream(Messages.fromUser(PROMPT)).pipe(toResponse()))).text;
  // both ways must give the same answer before anything is measured
  for (const chat of [plain, tools]) {
    const [a, b] = [await direct(chat)(), await collected(chat)()];
    if (a !== b) throw new Error(`complete() and stream().pipe(toResponse()) disagree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  const sides = (chat: typeof plain) => [
    { label: 'chat.complete()', fn: direct(chat) },
    { label: 'stream→toResponse()', fn: collected(chat) },
  ];
  const plainResult = await interleaved(sides(plain), requests, rounds, WARMUP);
  await axios.post(`${base}/_emulator/reset`, { session: 'default' });
  const toolsResult = await interleaved(sides(tools), requests, rounds, WARMUP);
  printResult({ plain: plainResult, tools: toolsResult });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
