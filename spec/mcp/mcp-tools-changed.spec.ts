import { ChatBuilder, Messages } from '../../lib';
import type { JsonValue } from '../../lib/core/json.types';
import { McpToolSet, mcpTools } from '../../lib/mcp';
import { ToolsBuilder } from '../../lib/tools';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { startToolboxServer, type ToolboxServer } from '../support/mcp-servers';

jest.setTimeout(60_000);

/** Names of the function tools a recorded Chat Completions request offered. */
const offered = (body: JsonValue): string[] => ((body as { tools?: Array<{ function: { name: string } }> }).tools ?? []).map((t) => t.function.name);

describe('tools/list_changed in a chat built before the change (SDK-built server over Streamable HTTP)', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  let server: ToolboxServer;
  let set: McpToolSet;
  const chat = () => new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build()).withTools(set).build();

  beforeEach(async () => {
    server = await startToolboxServer();
    set = await McpToolSet.connect({ servers: { toolbox: { url: server.url } } });
  });
  afterEach(async () => {
    await set?.dispose();
    await server?.close();
  });

  it('offers a tool the server added during a call at the very next model request, and runs it', async () => {
    const built = chat();
    emulator.script([{ toolCalls: [{ id: 'u', name: 'unlock', arguments: {} }] }, { toolCalls: [{ id: 's', name: 'secret', arguments: {} }] }, { text: 'It is 42.' }]);
    const reply = await built.complete(Messages.fromUser('Unlock, then tell me the secret'));
    const [first, second, third] = emulator.requests().map((r) => offered(r.body));
    expect(first).toEqual(['echo', 'unlock']);
    expect(second).toEqual(['echo', 'unlock', 'secret']);
    expect(third).toEqual(['echo', 'unlock', 'secret']);
    expect(reply.toolResults.map((r) => [r.name, r.content])).toEqual([
      ['unlock', 'unlocked'],
      ['secret', 'the secret is 42'],
    ]);
    expect(server.calls.map((c) => c.name)).toEqual(['unlock', 'secret']);
    expect(built.tools.map((t) => t.name)).toEqual(['echo', 'unlock', 'secret']);
  });

  it('offers the new list on the next call of the same chat after another client changed it (no rebuild)', async () => {
    const built = chat();
    const other = await McpToolSet.connect({ servers: { toolbox: { url: server.url } } });
    try {
      emulator.script([{ text: 'Nothing to do.' }, { toolCalls: [{ id: 's', name: 'secret', arguments: {} }] }, { text: 'It is 42.' }]);
      await built.complete(Messages.fromUser('hello'));
      const changed = new Promise<string>((resolve) => set.onToolsChanged(resolve));
      await other.tools.find((t) => t.name === 'unlock')?.execute({}, { context: undefined, signal: new AbortController().signal, messages: [], callId: 'x' });
      await expect(changed).resolves.toBe('toolbox');
      const reply = await built.complete(Messages.fromUser('the secret?'));
      expect(emulator.requests().map((r) => offered(r.body))).toEqual([['echo', 'unlock'], ['echo', 'unlock', 'secret'], ['echo', 'unlock', 'secret']]);
      expect(reply.toolResults.map((r) => r.content)).toEqual(['the secret is 42']);
    } finally {
      await other.dispose();
    }
  });

  it('follows the change through a ToolsBuilder set (mcpTools() source next to other tools)', async () => {
    const collected = await new ToolsBuilder()
      .addTools({ name: 'local', description: 'A local tool.', parameters: { type: 'object', properties: {} }, metadata: {}, validate: async (args) => ({ ok: true, value: args }), execute: async () => 'local' })
      .addSource(mcpTools({ servers: { toolbox: { url: server.url } } }))
      .collect();
    try {
      const built = new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build()).withTools(collected).build();
      emulator.script([{ toolCalls: [{ id: 'u', name: 'unlock', arguments: {} }] }, { toolCalls: [{ id: 's', name: 'secret', arguments: {} }] }, { text: 'It is 42.' }]);
      const reply = await built.complete(Messages.fromUser('Unlock, then the secret'));
      expect(emulator.requests().map((r) => offered(r.body))).toEqual([['local', 'echo', 'unlock'], ['local', 'echo', 'unlock', 'secret'], ['local', 'echo', 'unlock', 'secret']]);
      expect(reply.toolResults.map((r) => r.content)).toEqual(['unlocked', 'the secret is 42']);
    } finally {
      await collected.dispose?.();
    }
  });

  it('lists the tools again when it reconnects to a restarted server (a new session may offer other tools)', async () => {
    const port = Number(new URL(server.url).port);
    expect(set.tools.map((t) => t.name)).toEqual(['echo', 'unlock']);
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 250)); // down a moment, as a restarted server is
    server = await startToolboxServer({ port, unlocked: true });
    const context = { context: undefined, signal: new AbortController().signal, messages: [], callId: 'x' };
    // the old session is unknown to the new process (404): a new session is started and the call sent once more
    await expect(set.tools[0].execute({ text: 'again' }, context)).resolves.toBe('echo: again');
    expect(set.tools.map((t) => t.name)).toEqual(['echo', 'unlock', 'secret']);
    expect(server.calls.map((c) => c.name)).toEqual(['echo']);
  });

  it('keeps the place of the set among the chat\'s other tools when its list changes', async () => {
    const local = (name: string) => ({ name, description: `The ${name} tool.`, parameters: { type: 'object' as const, properties: {} }, metadata: {}, validate: async (args: unknown) => ({ ok: true as const, value: args }), execute: async () => name });
    const built = new ChatBuilder()
      .withModel(new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build())
      .withTools([local('before')])
      .withTools(set)
      .withTools([local('after')])
      .build();
    emulator.script([{ toolCalls: [{ id: 'u', name: 'unlock', arguments: {} }] }, { text: 'Unlocked.' }]);
    await built.complete(Messages.fromUser('Unlock'));
    expect(emulator.requests().map((r) => offered(r.body))).toEqual([
      ['before', 'echo', 'unlock', 'after'],
      ['before', 'echo', 'unlock', 'secret', 'after'],
    ]);
  });
});
