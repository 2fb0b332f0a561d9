/**
 * `npm run demo:nest`: the NestJS sample shop, offline against the built-in provider emulator
 * (the Responses wire). Prints its URL and a walkthrough; Ctrl-C stops it cleanly.
 * `--once`: starts, asks itself one question over HTTP, prints the answer and exits 0.
 * `PORT=8080` picks the port (default 3000; `--once` takes a free one).
 */
import 'reflect-metadata';
// The build-time schemas `chat-ts schema` generated (`npm run demo:nest` regenerates them first).
import './chat-ts.metadata';
import { NestFactory } from '@nestjs/core';
import { ResponsesBuilder } from '../../lib/providers/responses';
import { ProviderEmulator } from '../../lib/testing';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { DEMO_REPLIES, ONCE_QUESTION } from './demo-script';

async function askOnce(url: string): Promise<string> {
  const response = await fetch(`${url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user': 'alice' },
    body: JSON.stringify({ message: ONCE_QUESTION }),
  });
  const reply = (await response.json()) as { text?: string; toolResults?: Array<{ name: string }> };
  if (!response.ok || !reply.text) throw new Error(`POST /chat answered ${response.status}: ${JSON.stringify(reply)}`);
  const tools = reply.toolResults?.map((r) => r.name).join(', ');
  return `Q: ${ONCE_QUESTION}\nA: ${reply.text}${tools ? `\n   (tools: ${tools})` : ''}`;
}

function walkthrough(url: string): string {
  const json = `-H 'content-type: application/json'`;
  return [
    'Try, in this order (the emulator plays scripted replies, then echoes):',
    `  curl -s ${url}/chat ${json} -H 'x-user: alice' -d '{"message":"Where is my order A-1001?"}'`,
    `  curl -N '${url}/chat/stream?message=And%20A-1002%3F' -H 'x-user: alice'`,
    `  curl -s ${url}/chat ${json} -H 'x-user: bob' -d '{"message":"Refund 20 euros on A-1001"}'   # paused: note conversationId and the call id`,
    `  curl -s ${url}/conversations/<conversationId>/approvals`,
    `  curl -s -X POST ${url}/conversations/<conversationId>/approvals/<callId>/approve -H 'x-user: carol'`,
    `  curl -s -X POST ${url}/conversations/<conversationId>/resume -H 'x-user: bob'`,
    `  curl -s ${url}/audit`,
    `  open ${url}/ui in a browser: a chat page reading the UI message stream (useChat's protocol) of POST /api/ui-chat`,
  ].join('\n');
}

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  const emulator = await ProviderEmulator.start();
  emulator.script(DEMO_REPLIES);
  const provider = () => new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model');
  const app = configureApp(
    await NestFactory.create(AppModule.register({ provider, resources: [emulator] }), { logger: once ? ['error', 'warn'] : ['log', 'error', 'warn'] }),
  );
  await app.listen(once ? 0 : Number(process.env.PORT ?? 3000), '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  console.log(`chat-ts NestJS sample listening on ${url} (model: the built-in provider emulator at ${emulator.url('/v1')})`);
  if (once) {
    try {
      console.log(await askOnce(url));
    } finally {
      await app.close();
    }
    return;
  }
  console.log(walkthrough(url));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    app.close().then(
      () => (process.exitCode = 0),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
