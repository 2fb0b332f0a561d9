import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { AbortedError } from '../errors/aborted.error';
import { McpConnectionError } from '../errors/mcp-connection.error';
import { mapMcpError } from './mcp-error.mapper';
import { isHttpServer, type McpServerConfig } from './mcp-server.config';
import type { McpCallResult, McpProgressUpdate, McpTool } from './mcp-wire.types';

const STDERR_LINES = 20;

/** Settings of a connection besides its server entry. */
export interface McpConnectionSettings {
  readonly clientName: string;
  readonly connectTimeoutMs: number;
  /** Called when the server says its tool list changed, and after a reconnection (a new session or process may list other tools). */
  readonly onToolListChanged: () => void;
}

/** Options of one tool call. */
export interface McpCallOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly onProgress?: (progress: McpProgressUpdate) => void;
}

/**
 * One MCP server: the SDK `Client` and its transport (a child process or Streamable HTTP).
 * Connects lazily again after the connection was lost (a crashed process is started anew on the
 * next call). Headers and tokens stay in private fields.
 */
export class McpConnection {
  readonly #config: McpServerConfig;
  readonly #settings: McpConnectionSettings;
  #client: Client | undefined;
  #connecting: Promise<Client> | undefined;
  #transport: Transport | undefined;
  #stderr: string[] = [];
  #disposed = false;
  #opened = 0;

  constructor(
    /** Name of the server in the tool set's configuration. */
    readonly server: string,
    config: McpServerConfig,
    settings: McpConnectionSettings,
  ) {
    this.#config = config;
    this.#settings = settings;
  }

  /** OS pid of a stdio server's process while it runs. */
  get pid(): number | undefined {
    return this.#transport instanceof StdioClientTransport ? (this.#transport.pid ?? undefined) : undefined;
  }

  /** Whether a connection is open now. */
  get connected(): boolean {
    return this.#client !== undefined;
  }

  /** The last lines the stdio server wrote to stderr. */
  stderrTail(): string {
    return this.#stderr.join('\n');
  }

  /** Lists every tool of the server (all pages). */
  async listTools(): Promise<McpTool[]> {
    const client = await this.client();
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.#settings.connectTimeoutMs });
        tools.push(...(page.tools as unknown as McpTool[]));
        cursor = page.nextCursor;
      } while (cursor);
    } catch (error) {
      throw this.mapped(error, 'listing its tools', this.#settings.connectTimeoutMs);
    }
    return tools;
  }

  /** Calls a tool; the signal's abort sends `notifications/cancelled` to the server. */
  async callTool(name: string, args: Readonly<Record<string, unknown>>, options: McpCallOptions): Promise<McpCallResult> {
    try {
      return await this.callOnce(name, args, options);
    } catch (error) {
      // an HTTP server that restarted forgot our session (404; some answer 400): the HTTP layer refused the
      // request, so the tool never ran: start a new session and send it once more
      if (!(error instanceof McpConnectionError) || (error.status !== 404 && error.status !== 400) || options.signal.aborted) throw error;
      return this.callOnce(name, args, options);
    }
  }

  private async callOnce(name: string, args: Readonly<Record<string, unknown>>, options: McpCallOptions): Promise<McpCallResult> {
    const client = await this.client();
    try {
      const result = await client.callTool({ name, arguments: { ...args } }, CallToolResultSchema, {
        signal: options.signal,
        timeout: options.timeoutMs,
        resetTimeoutOnProgress: true,
        onprogress: options.onProgress,
      });
      return result as unknown as McpCallResult;
    } catch (error) {
      // the SDK turns an abort into a RequestTimeout error (after sending notifications/cancelled)
      if (options.signal.aborted) throw new AbortedError(`The call of "${name}" on MCP server "${this.server}" was aborted`, { cause: error });
      const mapped = this.mapped(error, `calling "${name}"`, options.timeoutMs);
      // a lost connection is dropped, so that the next call connects again
      if (mapped instanceof McpConnectionError) await this.drop(client);
      throw mapped;
    }
  }

  /** Opens the connection (once; again after it was lost). */
  async connect(): Promise<void> {
    await this.client();
  }

  private client(): Promise<Client> {
    if (this.#disposed) return Promise.reject(new McpConnectionError(`MCP server "${this.server}" was disposed`, { server: this.server, retryable: false }));
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.open().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** Closes the connection (stops a stdio server's process); later calls fail. */
  async close(): Promise<void> {
    this.#disposed = true;
    const client = this.#client ?? (await this.#connecting?.catch(() => undefined));
    this.#client = undefined;
    await client?.close().catch(() => undefined);
  }

  private async drop(client: Client): Promise<void> {
    if (this.#client === client) this.#client = undefined;
    await client.close().catch(() => undefined);
  }

  private async open(): Promise<Client> {
    const client = new Client({ name: this.#settings.clientName, version: '1.0.0' }, { capabilities: {} });
    const transport = this.transport();
    this.#transport = transport;
    client.onclose = () => {
      if (this.#client === client) this.#client = undefined;
    };
    client.onerror = (error) => {
      // the HTTP transport gave up resuming a dropped stream: close, so that waiting calls fail now rather than at their timeout
      if (/Maximum reconnection attempts|Failed to reconnect/.test(error.message)) void client.close().catch(() => undefined);
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.#settings.onToolListChanged());
    try {
      await client.connect(transport, { timeout: this.#settings.connectTimeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined);
      const mapped = this.mapped(error, 'connecting', this.#settings.connectTimeoutMs);
      if (mapped instanceof McpConnectionError) throw mapped;
      const tail = this.stderrTail();
      throw new McpConnectionError(`MCP server "${this.server}" could not be connected: ${(mapped as Error).message}`, { server: this.server, stderrTail: tail, cause: error });
    }
    if (this.#disposed) {
      await client.close().catch(() => undefined);
      throw new McpConnectionError(`MCP server "${this.server}" was disposed`, { server: this.server, retryable: false });
    }
    this.#client = client;
    if (this.#opened++ > 0) this.#settings.onToolListChanged();
    return client;
  }

  private transport(): Transport {
    const config = this.#config;
    if (isHttpServer(config)) {
      const headers: Record<string, string> = { ...(config.headers ?? {}) };
      if (config.bearerToken !== undefined) headers.Authorization = `Bearer ${config.bearerToken}`;
      // a dropped response stream is resumed a few times, quickly; then the connection counts as lost
      const reconnectionOptions = { initialReconnectionDelay: 250, reconnectionDelayGrowFactor: 2, maxReconnectionDelay: 2_000, maxRetries: 3 };
      return new StreamableHTTPClientTransport(new URL(String(config.url)), { requestInit: { headers }, reconnectionOptions });
    }
    const transport = new StdioClientTransport({
      command: config.command,
      args: [...(config.args ?? [])],
      env: { ...getDefaultEnvironment(), ...(config.env ?? {}) },
      cwd: config.cwd,
      stderr: 'pipe',
    });
    this.#stderr = [];
    transport.stderr?.on('data', (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter((line) => line.trim() !== '');
      this.#stderr.push(...lines);
      if (this.#stderr.length > STDERR_LINES) this.#stderr.splice(0, this.#stderr.length - STDERR_LINES);
    });
    return transport;
  }

  private mapped(error: unknown, doing: string, timeoutMs: number): unknown {
    return mapMcpError(error, { server: this.server, doing, timeoutMs, stderrTail: () => this.stderrTail(), closed: () => this.#client === undefined });
  }
}
