import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChatBuilder, Messages } from '../../lib';
import { McpToolSet } from '../../lib/mcp';
import { ChatModule, NestChat } from '../../lib/nest';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { alive, everythingStdio } from '../support/mcp-servers';

jest.setTimeout(60_000);

async function gone(pid: number): Promise<boolean> {
  const end = Date.now() + 5_000;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

describe('MCP connections live as long as the chat or the Nest app', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  const provider = () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build();

  it('chat.dispose() stops the stdio server of its McpToolSet', async () => {
    const mcp = await McpToolSet.connect({ servers: { everything: everythingStdio({ include: ['echo'] }) } });
    const pid = mcp.pid('everything') as number;
    const chat = new ChatBuilder().withModel(provider()).withTools(mcp).build();
    emulator.script([{ toolCalls: [{ name: 'echo', arguments: { message: 'ping' } }] }, { text: 'pong' }]);
    const reply = await chat.complete(Messages.fromUser('echo ping'));
    expect(reply.toolResults.map((r) => r.content)).toEqual(['Echo: ping']);
    await chat.dispose();
    expect(await gone(pid)).toBe(true);
  });

  it('a Nest app offers the MCP tools given to ChatModule and stops their server on shutdown', async () => {
    let pid = 0;
    @Module({
      imports: [
        ChatModule.forRootAsync({
          useFactory: async () => {
            const tools = await McpToolSet.connect({ servers: { everything: everythingStdio({ include: ['get-sum'] }) } });
            pid = tools.pid('everything') as number;
            return { provider: provider(), tools };
          },
        }),
      ],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    app.enableShutdownHooks();
    try {
      emulator.script([{ toolCalls: [{ name: 'get-sum', arguments: { a: 1, b: 2 } }] }, { text: 'three' }]);
      const reply = await app.get(NestChat).complete(Messages.fromUser('1 + 2?'));
      expect(reply.toolResults.map((r) => r.content)).toEqual(['The sum of 1 and 2 is 3.']);
      expect(alive(pid)).toBe(true);
    } finally {
      await app.close();
    }
    expect(await gone(pid)).toBe(true);
  });
});
