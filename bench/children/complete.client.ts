/*
 * Client side of the complete() bench: the same request to the same emulator endpoint through
 * chat.complete(), a raw axios POST and a bare node:http request, interleaved in rounds.
 * Prints { sides, perRound, bodyBytes } as JSON.
 */
import http from 'node:http';
import type { AxiosStatic } from 'axios';
import { interleaved } from '../support/measure';
import { arg, dependency, fromDist, printResult } from './dist.loader';

const PROMPT = 'What is the capital of France?';

type ChatCompletion = { choices: { message: { content: string | null } }[] };

async function main(): Promise<void> {
  const base = arg('url', 'http://127.0.0.1:0');
  const requests = Number(arg('requests', '3000'));
  const rounds = Number(arg('rounds', '10'));
  const { ChatBuilder } = fromDist<typeof import('../../lib')>('index.js');
  const { ChatCompletionsBuilder } = fromDist<typeof import('../../lib/providers/completions')>('providers/completions/index.js');
  const axios = dependency<AxiosStatic>('axios');

  const provider = new ChatCompletionsBuilder().withBaseUrl(`${base}/v1`).withModel('bench-model').build();
  const chat = new ChatBuilder().withModel(provider).build();

  // the exact body chat-ts sends, as the emulator recorded it
  await chat.complete(PROMPT);
  const recorded = (await axios.get<{ body: unknown }[]>(`${base}/_emulator/requests/default`)).data;
  const body = recorded[recorded.length - 1].body;
  await axios.post(`${base}/_emulator/reset`, {});
  const endpoint = `${base}/v1/chat/completions`;
  const { hostname, port } = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true });

  const bareHttp = (): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(
        { method: 'POST', hostname, port, path: '/v1/chat/completions', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatCompletion).choices[0].message.content));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  const result = await interleaved(
    [
      { label: 'node:http request', fn: bareHttp },
      { label: 'raw axios POST', fn: async () => (await axios.post<ChatCompletion>(endpoint, body)).data.choices[0].message.content },
      { label: 'chat.complete()', fn: async () => (await chat.complete(PROMPT)).text },
    ],
    requests,
    rounds,
  );
  agent.destroy();
  printResult({ ...result, bodyBytes: JSON.stringify(body).length });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
