import { ChatBuilder, Messages } from '../../lib';
import { McpToolSet } from '../../lib/mcp';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { startToolboxServer, type ToolboxServer } from '../support/mcp-servers';

jest.setTimeout(60_000);

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('MCP calls in a chat loop (SDK-built server over Streamable HTTP)', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  let server: ToolboxServer;
  let set: McpToolSet;
  const chat = () => new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build()).withTools(set).build();

  beforeEach(async () => {
    server = await startToolboxServer({ wait: true });
    set = await McpToolSet.connect({ servers: { toolbox: { url: server.url } } });
  });
  afterEach(async () => {
    await set?.dispose();
    await server?.close();
  });

  it('runs the MCP calls of one step in parallel: both start on the server before either ends', async () => {
    emulator.script([
      {
        toolCalls: [
          { id: 'a', name: 'wait', arguments: { text: 'a' } },
          { id: 'b', name: 'wait', arguments: { text: 'b' } },
        ],
      },
      { text: 'Both done.' },
    ]);
    const reply = await chat().complete(Messages.fromUser('Wait twice'));
    expect(reply.toolResults.map((r) => r.content)).toEqual(['waited a', 'waited b']);
    expect(server.events.slice(0, 2).sort()).toEqual(['start a', 'start b']);
    expect(server.events.slice(2).sort()).toEqual(['end a', 'end b']);
  });

  it('unsubscribing from chat.stream() cancels the running MCP call: the server gets notifications/cancelled', async () => {
    emulator.script([{ toolCalls: [{ id: 'c', name: 'wait', arguments: { text: 'c' } }] }, { text: 'never asked' }]);
    const subscription = chat().stream(Messages.fromUser('Wait')).subscribe({ error: () => undefined });
    await until(() => server.events.includes('start c'), 'the call to start');
    subscription.unsubscribe();
    await until(() => server.events.length > 1, 'the call to end');
    expect(server.events).toEqual(['start c', 'cancelled c']);
    expect(emulator.requests()).toHaveLength(1);
    // the connection keeps working after the cancellation
    await expect(set.tools.find((t) => t.name === 'echo')?.execute({ text: 'still here' }, { context: undefined, signal: new AbortController().signal, messages: [], callId: 'x' })).resolves.toBe('echo: still here');
  });
});
