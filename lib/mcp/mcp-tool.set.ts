import type { ToolSet } from '../core/tool.types';
import { assertUniqueToolNames } from '../chat/tool-names.check';
import { ConfigurationError } from '../errors/configuration.error';
import { McpConnection } from './mcp-connection';
import type { McpApprovalRule, McpServerConfig, McpToolInfo, McpToolSetOptions } from './mcp-server.config';
import { chatToolNames } from './mcp-tool-names';
import { McpToolDefinition } from './mcp-tool.definition';
import type { McpTool as Tool } from './mcp-wire.types';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

function approvalPredicate(rule: McpApprovalRule | undefined): (tool: McpToolInfo) => boolean {
  if (rule === undefined || rule === false) return () => false;
  if (rule === true) return () => true;
  if (typeof rule === 'function') return rule;
  const names = new Set(rule);
  return (tool) => names.has(tool.name);
}

interface ServerEntry {
  readonly connection: McpConnection;
  readonly config: McpServerConfig;
  readonly tools: Map<string, McpToolDefinition>;
}

/**
 * The tools of one or more MCP servers as a chat-ts `ToolSet`: connects over stdio (a spawned
 * command) or Streamable HTTP, lists the tools and offers them to the model like any other tool
 * (approval, parallel calls, abort, timeouts). A server's `tools/list_changed` makes the set list
 * its tools again: `tools` then holds the new list, and a chat built with the set offers it from
 * its next model request on (a removed tool's call answers with an error). `dispose()` closes every connection.
 *
 * @example
 * const mcp = await McpToolSet.connect({
 *   servers: {
 *     files: { command: 'npx', args: ['@modelcontextprotocol/server-filesystem', '/tmp/work'] },
 *     search: { url: 'https://tools.example.com/mcp', bearerToken: process.env.TOOLS_TOKEN, requiresApproval: true },
 *   },
 * });
 * try {
 *   const chat = new ChatBuilder().withModel(provider).withTools(mcp).build();
 *   await chat.complete(Messages.fromUser('List the files'));
 * } finally {
 *   await mcp.dispose();
 * }
 */
export class McpToolSet implements ToolSet {
  readonly #servers = new Map<string, ServerEntry>();
  readonly #options: McpToolSetOptions;
  readonly #listeners = new Set<(server: string) => void>();
  #refreshing = new Map<string, Promise<void>>();
  /** The tools as offered; a new array after each listing, so that a chat sees the change. */
  #offered: readonly McpToolDefinition[] | undefined;
  /** Servers whose list changed before the first listing of all was adopted: listed again after it. */
  #changedEarly: Set<string> | undefined = new Set();

  private constructor(options: McpToolSetOptions) {
    this.#options = options;
  }

  /**
   * Connects to every server and lists its tools.
   * @throws McpConnectionError when a server cannot be started or reached (the others are closed).
   * @throws ToolNameClashError with `namespacing: 'never'` and two tools alike.
   */
  static async connect(options: McpToolSetOptions): Promise<McpToolSet> {
    const entries = Object.entries(options.servers ?? {});
    if (entries.length === 0) throw new ConfigurationError('McpToolSet.connect() needs at least one server in `servers`');
    const set = new McpToolSet(options);
    for (const [server, config] of entries) {
      if (typeof config !== 'object' || config === null || (!('url' in config) && typeof (config as { command?: unknown }).command !== 'string')) {
        throw new ConfigurationError(`MCP server "${server}" needs a \`command\` (stdio) or a \`url\` (Streamable HTTP)`);
      }
      const connection = new McpConnection(server, config, {
        clientName: options.clientName ?? 'chat-ts',
        connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        onToolListChanged: () => (set.#changedEarly ? set.#changedEarly.add(server) : void set.refresh(server)),
      });
      set.#servers.set(server, { connection, config, tools: new Map() });
    }
    try {
      const listed = await Promise.all([...set.#servers.values()].map(async (entry) => ({ entry, tools: set.filtered(entry, await entry.connection.listTools()) })));
      set.adopt(listed);
      const early = [...(set.#changedEarly ?? [])];
      set.#changedEarly = undefined;
      await Promise.all(early.map((server) => set.refresh(server)));
    } catch (error) {
      await set.dispose();
      throw error;
    }
    return set;
  }

  /** Every tool of every server, as the chat offers them: a chat built with the set offers the list as it stands at each model request. */
  get tools(): readonly McpToolDefinition[] {
    this.#offered ??= [...this.#servers.values()].flatMap((entry) => [...entry.tools.values()].filter((tool) => !tool.removed));
    return this.#offered;
  }

  /** Names of the servers. */
  get serverNames(): readonly string[] {
    return [...this.#servers.keys()];
  }

  /** OS pid of a stdio server's process while it runs. */
  pid(server: string): number | undefined {
    return this.#servers.get(server)?.connection.pid;
  }

  /** Calls `listener` after a server's tool list changed and was listed again; returns the unsubscribe function. */
  onToolsChanged(listener: (server: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Lists a server's tools again (done by itself on `tools/list_changed`). */
  refresh(server: string): Promise<void> {
    const entry = this.#servers.get(server);
    if (!entry) return Promise.reject(new ConfigurationError(`No MCP server "${server}" in this tool set`));
    const running = this.#refreshing.get(server);
    if (running) return running.then(() => this.refresh(server));
    const run = (async () => {
      try {
        const listed = this.filtered(entry, await entry.connection.listTools());
        this.adopt([{ entry, tools: listed }]);
        this.#options.onToolsChanged?.(server);
        for (const listener of this.#listeners) listener(server);
      } catch {
        // the server went away while listing: its tools stay as they were; calls report the failure
      } finally {
        this.#refreshing.delete(server);
      }
    })();
    this.#refreshing.set(server, run);
    return run;
  }

  /** Closes every connection (stdio servers' processes are stopped). */
  async dispose(): Promise<void> {
    await Promise.all([...this.#servers.values()].map((entry) => entry.connection.close()));
  }

  private filtered(entry: ServerEntry, tools: Tool[]): Tool[] {
    const include = entry.config.include;
    return include ? tools.filter((tool) => include.includes(tool.name)) : tools;
  }

  /** Takes new listings: keeps the definitions (and names) of tools still listed, adds new ones, marks the others removed. */
  private adopt(listed: ReadonlyArray<{ readonly entry: ServerEntry; readonly tools: readonly Tool[] }>): void {
    const namespacing = this.#options.namespacing ?? 'on-clash';
    const relisted = new Set(listed.map((l) => l.entry));
    const taken = new Set([...this.#servers.values()].filter((entry) => !relisted.has(entry)).flatMap((entry) => [...entry.tools.values()].map((t) => t.name)));
    const fresh = listed.map(({ entry, tools }) => ({ entry, tools: tools.filter((t) => !entry.tools.has(t.name)) }));
    // names already given (even to tools now removed) stay taken: a chat built before may still call them
    for (const { entry } of listed) for (const definition of entry.tools.values()) taken.add(definition.name);
    const names = chatToolNames(
      fresh.map(({ entry, tools }) => ({ server: entry.connection.server, prefix: entry.config.prefix ?? entry.connection.server, tools })),
      namespacing,
      taken,
    );
    const added: McpToolDefinition[] = [];
    this.#offered = undefined;
    for (const { entry, tools } of listed) {
      const settings = {
        timeoutMs: entry.config.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        requiresApproval: approvalPredicate(entry.config.requiresApproval),
        onProgress: this.#options.onProgress,
        listed: () => this.#refreshing.get(entry.connection.server) ?? Promise.resolve(),
      };
      for (const [remote, definition] of entry.tools) if (!tools.some((t) => t.name === remote)) definition.markRemoved();
      for (const tool of tools) {
        const existing = entry.tools.get(tool.name);
        if (existing) {
          existing.refresh(tool);
          continue;
        }
        const name = names.get(entry.connection.server)?.get(tool.name) ?? tool.name;
        const definition = new McpToolDefinition(name, tool, entry.connection, settings);
        entry.tools.set(tool.name, definition);
        added.push(definition);
      }
    }
    if (added.length > 0) assertUniqueToolNames(this.tools);
  }
}
