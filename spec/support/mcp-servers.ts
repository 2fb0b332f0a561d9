import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { McpHttpServerConfig, McpServerConfig, McpStdioServerConfig } from '../../lib/mcp';

/** The bin of the reference MCP server that exercises the whole protocol (a devDependency). */
export const EVERYTHING_BIN = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
/** The bin of the reference filesystem MCP server (a devDependency). */
export const FILESYSTEM_BIN = require.resolve('@modelcontextprotocol/server-filesystem/dist/index.js');

/** server-everything over stdio, run by this Node binary (no npx, no download). */
export function everythingStdio(extra: Partial<McpStdioServerConfig> = {}): McpStdioServerConfig {
  return { command: process.execPath, args: [EVERYTHING_BIN, 'stdio'], ...extra };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** server-everything in its Streamable HTTP mode, as a child process on a free port. */
export interface EverythingHttp {
  readonly url: string;
  readonly process: ChildProcess;
  config(extra?: Partial<McpHttpServerConfig>): McpHttpServerConfig;
  stop(): Promise<void>;
}

export async function startEverythingHttp(port?: number): Promise<EverythingHttp> {
  port ??= await freePort();
  const child = spawn(process.execPath, [EVERYTHING_BIN, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${text}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('listening on port')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server-everything exited with ${code}: ${text}`));
    });
  });
  const url = `http://127.0.0.1:${port}/mcp`;
  return {
    url,
    process: child,
    config: (extra = {}) => ({ url, ...extra }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Whether a process with this pid is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A tool call as the toolbox server received it. */
export interface ToolboxCall {
  readonly name: string;
  readonly arguments: unknown;
}

/** The toolbox server: a small MCP server written with the SDK alone (no chat-ts code), over Streamable HTTP. */
export interface ToolboxServer {
  readonly url: string;
  /** Every `tools/call` it received, in order. */
  readonly calls: ToolboxCall[];
  /** What `wait` calls went through: `start <text>`, then `end <text>` or `cancelled <text>`. */
  readonly events: string[];
  /** Open sessions. */
  readonly sessions: number;
  close(): Promise<void>;
}

const toolboxTool = (name: string, description: string) => ({ name, description, inputSchema: { type: 'object' as const, properties: { text: { type: 'string' } } } });

/**
 * Starts the toolbox on a free port of 127.0.0.1: `echo` answers `echo: <text>`; `unlock` adds the
 * tool `secret` to the list and sends `notifications/tools/list_changed` to every session (to its
 * caller before the result). `unlocked: true` lists `secret` from the start; `port` (default: a free
 * one) lets a spec start it again where it was; `wait: true` adds `wait` (500 ms, or until the client
 * cancels the call), which records its start and end in `events`.
 */
export async function startToolboxServer(options: { readonly unlocked?: boolean; readonly port?: number; readonly wait?: boolean } = {}): Promise<ToolboxServer> {
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
  const { CallToolRequestSchema, ListToolsRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const { createServer: createHttpServer } = await import('node:http');
  const { randomUUID } = await import('node:crypto');
  const calls: ToolboxCall[] = [];
  const sessions = new Map<string, { transport: InstanceType<typeof StreamableHTTPServerTransport>; server: InstanceType<typeof Server> }>();
  let unlocked = options.unlocked === true;
  const events: string[] = [];
  const newServer = () => {
    const server = new Server({ name: 'toolbox', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: [toolboxTool('echo', 'Echo the text.'), toolboxTool('unlock', 'Unlock the secret tool.'), ...(unlocked ? [toolboxTool('secret', 'Tell the secret.')] : []), ...(options.wait ? [toolboxTool('wait', 'Wait half a second.')] : [])],
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const { name, arguments: args } = request.params;
      calls.push({ name, arguments: args });
      if (name === 'echo') return { content: [{ type: 'text', text: `echo: ${String(args?.text)}` }] };
      if (name === 'unlock') {
        unlocked = true;
        // the caller hears it on this call's own stream, before the result; the other sessions on their standalone stream
        await extra.sendNotification({ method: 'notifications/tools/list_changed' });
        await Promise.all([...sessions.values()].filter((s) => s.server !== server).map((s) => s.server.sendToolListChanged()));
        return { content: [{ type: 'text', text: 'unlocked' }] };
      }
      if (name === 'wait' && options.wait) {
        const label = String(args?.text);
        events.push(`start ${label}`);
        const ended = await new Promise<string>((resolve) => {
          const timer = setTimeout(() => resolve('end'), 500);
          extra.signal.addEventListener('abort', () => (clearTimeout(timer), resolve('cancelled')), { once: true });
        });
        events.push(`${ended} ${label}`);
        return { content: [{ type: 'text', text: `waited ${label}` }] };
      }
      if (name === 'secret' && unlocked) return { content: [{ type: 'text', text: 'the secret is 42' }] };
      return { content: [{ type: 'text', text: `no tool ${name}` }], isError: true };
    });
    return server;
  };
  const http = createHttpServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
      const id = req.headers['mcp-session-id'];
      const existing = typeof id === 'string' ? sessions.get(id) : undefined;
      if (existing) return existing.transport.handleRequest(req, res, body);
      if (id !== undefined) return void res.writeHead(404).end();
      const server = newServer();
      const transport: InstanceType<typeof StreamableHTTPServerTransport> = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => void sessions.set(sid, { transport, server }),
      });
      transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    })().catch((error: unknown) => res.headersSent || res.writeHead(500).end(String(error)));
  });
  const port = options.port ?? (await freePort());
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    events,
    get sessions() {
      return sessions.size;
    },
    close: async () => {
      await Promise.all([...sessions.values()].map((s) => s.server.close().catch(() => undefined)));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * server-everything over both transports, for a spec file: the HTTP server starts in `beforeAll`
 * and stops in `afterAll`; `transports` feeds `describe.each`.
 */
export function useEverythingTransports(): { readonly transports: ReadonlyArray<[string, () => McpServerConfig]>; http(): EverythingHttp } {
  let http: EverythingHttp | undefined;
  beforeAll(async () => {
    http = await startEverythingHttp();
  });
  afterAll(async () => {
    await http?.stop();
  });
  const started = (): EverythingHttp => {
    if (!http) throw new Error('useEverythingTransports: the HTTP server starts in beforeAll; use it inside a test or hook');
    return http;
  };
  return { transports: [['stdio', () => everythingStdio()], ['Streamable HTTP', () => started().config()]], http: started };
}
