import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

jest.setTimeout(60_000);

type Result = { content: Array<{ text?: string }>; isError?: boolean };
const text = (r: unknown): string => (r as Result).content.map((b) => b.text ?? '').join('');

describe('ChatMcpTools.serveStdio(): a standalone Nest application context as a stdio MCP server', () => {
  it('lists and calls its @Toolset() tools; the guards see the context given to serveStdio()', async () => {
    const client = new Client({ name: 'spec', version: '1' });
    const tsNode = require.resolve('ts-node/dist/bin');
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [tsNode, '--transpile-only', join(__dirname, 'fixtures', 'stdio-nest-app.ts')], stderr: 'pipe' }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['hello', 'purge']);
      expect(text(await client.callTool({ name: 'hello', arguments: { name: 'Ana' } }))).toBe('hello Ana (operator)');
      const refused = (await client.callTool({ name: 'purge', arguments: { name: 'logs' } })) as Result;
      expect(refused.isError).toBe(true);
      expect(text(refused)).toBe('The tool "purge" is not allowed for this caller: Admins only');
    } finally {
      await client.close();
    }
  });
});
