import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, Messages } from '../../lib';
import type { StreamEvent } from '../../lib/core/stream-event.types';
import { McpToolSet } from '../../lib/mcp';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { FILESYSTEM_BIN } from '../support/mcp-servers';

jest.setTimeout(60_000);

describe('server-filesystem tools in a chat loop driven by the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  let dir: string;
  let set: McpToolSet;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'chat-ts-mcp-')));
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    set = await McpToolSet.connect({ servers: { files: { command: process.execPath, args: [FILESYSTEM_BIN, dir], requiresApproval: ['write_file'] } } });
  });
  afterAll(async () => {
    await set?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers the server tools, runs read-only calls, and holds write_file for approval', async () => {
    const names = set.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_directory', 'read_text_file', 'write_file']));
    expect(set.tools.find((t) => t.name === 'write_file')?.metadata.requiresApproval).toBe(true);
    expect(set.tools.find((t) => t.name === 'read_text_file')?.metadata.requiresApproval).toBe(false);

    emulator.script([
      { toolCalls: [{ id: 'ls', name: 'list_directory', arguments: { path: dir } }, { id: 'cat', name: 'read_text_file', arguments: { path: join(dir, 'a.txt') } }] },
      { toolCalls: [{ id: 'write', name: 'write_file', arguments: { path: join(dir, 'b.txt'), content: 'beta' } }] },
      { text: 'a.txt says alpha; I wrote b.txt.' },
    ]);
    const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build();
    const chat = new ChatBuilder().withModel(provider).withTools(set).build();
    const messages = Messages.fromUser('Read a.txt, then write beta to b.txt');

    const first = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    const results = first.filter((e): e is Extract<StreamEvent, { type: 'tool-result' }> => e.type === 'tool-result').map((e) => [e.result.callId, e.result.content, e.result.isError ?? false]);
    // server-filesystem declares an output schema: its structured content is what the model gets
    expect(results).toEqual([
      ['ls', JSON.stringify({ content: '[FILE] a.txt' }), false],
      ['cat', JSON.stringify({ content: 'alpha' }), false],
    ]);
    const end = first[first.length - 1];
    expect(end).toMatchObject({ type: 'finish', status: 'paused' });
    expect(messages.pendingToolCalls().map((c) => c.name)).toEqual(['write_file']);
    expect(existsSync(join(dir, 'b.txt'))).toBe(false);

    const offered = emulator.requests()[0].body as { tools: Array<{ function: { name: string; parameters: { properties: Record<string, unknown> } } }> };
    const readTool = offered.tools.find((t) => t.function.name === 'read_text_file');
    expect(Object.keys(readTool?.function.parameters.properties ?? {})).toEqual(expect.arrayContaining(['path']));

    messages.approve('write');
    const second = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    const last = second[second.length - 1];
    expect(last).toMatchObject({ type: 'finish', status: 'completed' });
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('beta');
    const written = second.find((e): e is Extract<StreamEvent, { type: 'tool-result' }> => e.type === 'tool-result');
    expect(written?.result.content).toMatch(/Successfully wrote to/);
  });

  it('gives the model the server error text when a tool fails (path outside the allowed directory)', async () => {
    emulator.script([{ toolCalls: [{ id: 'bad', name: 'read_text_file', arguments: { path: '/etc/hostname' } }] }, { text: 'I may not read that.' }]);
    const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build();
    const chat = new ChatBuilder().withModel(provider).withTools(set).build();
    const events = await lastValueFrom(chat.stream(Messages.fromUser('Read /etc/hostname')).pipe(toArray()));
    const result = events.find((e): e is Extract<StreamEvent, { type: 'tool-result' }> => e.type === 'tool-result');
    expect(result?.result.isError).toBe(true);
    expect(result?.result.content).toMatch(/Access denied - path outside allowed directories/);
  });
});
