import { join } from 'node:path';
import type { ToolContext } from '../../lib/core/tool.types';
import { McpProtocolError, McpToolError, McpToolSet } from '../../lib/mcp';
import { ToolNameClashError } from '../../lib/errors';

jest.setTimeout(30_000);

const ODD = { command: process.execPath, args: [join(__dirname, 'fixtures', 'odd-mcp-server.js')] };
const context = (): ToolContext => ({ context: undefined, signal: new AbortController().signal, messages: [], callId: 'c1' });

describe('McpToolSet against a server that misbehaves', () => {
  let set: McpToolSet;
  beforeEach(async () => {
    set = await McpToolSet.connect({ servers: { odd: ODD } });
  });
  afterEach(async () => {
    await set.dispose();
  });

  it('fails with McpProtocolError when a result is not valid MCP', async () => {
    const error = await set.tools.find((t) => t.name === 'broken')?.execute({}, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpProtocolError);
    expect((error as McpProtocolError).message).toMatch(/MCP server "odd" .* while calling "broken"/);
  });

  it('honours tools/list_changed: lists again, offers new tools, refuses removed ones', async () => {
    const changed: string[] = [];
    set.onToolsChanged((server) => changed.push(server));
    const broken = set.tools.find((t) => t.name === 'broken');
    expect(set.tools.map((t) => t.name)).toEqual(['broken', 'grow', 'hang']);
    await expect(set.tools.find((t) => t.name === 'grow')?.execute({}, context())).resolves.toBe('grown');
    const end = Date.now() + 5_000;
    while (changed.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(changed).toEqual(['odd']);
    expect(set.tools.map((t) => t.name)).toEqual(['grow', 'grown']);
    const error = await broken?.execute({}, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpToolError);
    expect((error as Error).message).toBe('The MCP server "odd" no longer offers the tool "broken"');
  });

  it('refuses two servers with one tool name when namespacing is off', async () => {
    const error = await McpToolSet.connect({ servers: { one: ODD, two: ODD }, namespacing: 'never' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolNameClashError);
  });

  it('namespaces every tool with namespacing: always', async () => {
    const both = await McpToolSet.connect({ servers: { one: ODD }, namespacing: 'always' });
    try {
      expect(both.tools.map((t) => t.name)).toEqual(['one_broken', 'one_grow', 'one_hang']);
    } finally {
      await both.dispose();
    }
  });
});
