import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { serveMcpOverHttp, McpToolSet, type ServedMcp } from '../../lib/mcp';
import { collectTools } from '../../lib/tools';
import type { ToolContext } from '../../lib/core/tool.types';
import { ServedTools } from './fixtures/served-tools';

jest.setTimeout(60_000);

type Texts = { content: Array<{ type: string; text?: string }>; isError?: boolean; structuredContent?: unknown };
const text = (result: unknown): string => ((result as Texts).content ?? []).map((b) => b.text ?? '').join('');

describe('chat-ts tools served over Streamable HTTP, checked with the SDK client', () => {
  const tools = new ServedTools();
  let served: ServedMcp;
  let client: Client;
  const approvals: string[] = [];

  beforeAll(async () => {
    served = await serveMcpOverHttp(collectTools(tools), {
      name: 'served-tools',
      context: (req) => ({ user: typeof req.headers['x-user'] === 'string' ? req.headers['x-user'] : req.headers.authorization }),
      approve: ({ tool, context }) => (approvals.push(`${tool.name}:${(context as { user?: string }).user}`), (context as { user?: string }).user === 'admin'),
    });
    client = new Client({ name: 'spec', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(served.url), { requestInit: { headers: { 'x-user': 'ana' } } }));
  });
  afterAll(async () => {
    await client?.close();
    await served?.close();
  });

  it('lists the @Tool() methods with their generated JSON Schema', async () => {
    const { tools: listed } = await client.listTools();
    expect(listed.map((t) => t.name).sort()).toEqual(['explode', 'greet', 'wait', 'whoAmI', 'wipe']);
    const greet = listed.find((t) => t.name === 'greet');
    expect(greet?.description).toBe('Greet someone.');
    expect(greet?.inputSchema).toMatchObject({ type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 40 } }, required: ['name'] });
  });

  it('calls a tool; the caller identity from the HTTP request reaches ToolContext', async () => {
    expect(text(await client.callTool({ name: 'greet', arguments: { name: 'Bo' } }))).toBe('Hello Bo, from ana');
    const who = (await client.callTool({ name: 'whoAmI', arguments: {} })) as Texts;
    expect(who.structuredContent).toMatchObject({ user: 'ana' });
  });

  it('answers invalid arguments and a throwing tool with isError results', async () => {
    const invalid = (await client.callTool({ name: 'greet', arguments: { name: '' } })) as Texts;
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toMatch(/^Invalid arguments for "greet": .*name/);
    const thrown = (await client.callTool({ name: 'explode', arguments: {} })) as Texts;
    expect(thrown).toMatchObject({ isError: true });
    expect(text(thrown)).toBe('the tool exploded');
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    const answer = await client.callTool({ name: 'nope', arguments: {} }).then((r) => text(r), (e: Error) => e.message);
    expect(answer).toMatch(/Unknown tool "nope"/);
  });

  it('asks approve() for a tool that requires approval, with the caller context', async () => {
    const refused = (await client.callTool({ name: 'wipe', arguments: {} })) as Texts;
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/needs approval/);
    const admin = new Client({ name: 'admin', version: '1' });
    await admin.connect(new StreamableHTTPClientTransport(new URL(served.url), { requestInit: { headers: { 'x-user': 'admin' } } }));
    try {
      expect(text(await admin.callTool({ name: 'wipe', arguments: {} }))).toBe('wiped');
    } finally {
      await admin.close();
    }
    expect(approvals).toEqual(['wipe:ana', 'wipe:admin']);
  });

  it('aborts the tool when the client cancels the call (notifications/cancelled)', async () => {
    tools.waits.length = 0;
    const abort = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: { ms: 30_000 } }, undefined, { signal: abort.signal }).catch((e: Error) => e);
    while (tools.waits.length === 0) await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    await call;
    const end = Date.now() + 5_000;
    while (!tools.waits[0].aborted && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(tools.waits[0].aborted).toBe(true);
  });

  it('serves chat-ts own McpToolSet: tools served by one chat-ts app are used by another (headers and bearer token sent)', async () => {
    const set = await McpToolSet.connect({ servers: { served: { url: served.url, headers: { 'x-user': 'bo' } }, bearer: { url: served.url, bearerToken: 'tok-1', include: ['greet'], prefix: 'b' } } });
    try {
      const ctx: ToolContext = { context: undefined, signal: new AbortController().signal, messages: [], callId: 'x' };
      await expect(set.tools.find((t) => t.name === 'served_greet')?.execute({ name: 'Cy' }, ctx)).resolves.toBe('Hello Cy, from bo');
      await expect(set.tools.find((t) => t.name === 'b_greet')?.execute({ name: 'Cy' }, ctx)).resolves.toBe('Hello Cy, from Bearer tok-1');
    } finally {
      await set.dispose();
    }
  });
});

describe('chat-ts tools served over stdio, checked with the SDK client', () => {
  it('lists and calls the tools of a child process started as an MCP client starts it', async () => {
    const client = new Client({ name: 'spec', version: '1' });
    const tsNode = require.resolve('ts-node/dist/bin');
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [tsNode, '--transpile-only', join(__dirname, 'fixtures', 'stdio-tool-server.ts')], stderr: 'pipe' }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('greet');
      expect(text(await client.callTool({ name: 'greet', arguments: { name: 'Di' } }))).toBe('Hello Di, from stdio-user');
      const wipe = (await client.callTool({ name: 'wipe', arguments: {} })) as Texts;
      expect(wipe.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
