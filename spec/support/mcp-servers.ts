import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { McpHttpServerConfig, McpStdioServerConfig } from '../../lib/mcp';

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
