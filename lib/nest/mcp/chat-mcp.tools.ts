import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { McpHttpHandler } from '../../mcp/mcp-http.handler';
import { serveMcpOverStdio } from '../../mcp/mcp-serve';
import type { NestToolDefinition } from '../nest-tool.definition';
import { ChatToolExplorer } from '../tool.explorer';
import { CHAT_MCP_OPTIONS, type ChatMcpModuleOptions } from './chat-mcp.options';

/**
 * The `@Toolset()` tools an app serves over MCP: found at init by the same explorer `ChatModule`
 * uses, so each call passes the tool's guards and interceptors with the caller's context. Holds
 * the Streamable HTTP handler of the endpoint; `serveStdio()` serves the same tools on stdio
 * (for a standalone application context).
 */
@Injectable()
export class ChatMcpTools implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChatMcp');
  #tools: NestToolDefinition[] = [];
  #handler: McpHttpHandler | undefined;
  #stdio: (() => Promise<void>) | undefined;

  constructor(
    private readonly explorer: ChatToolExplorer,
    @Inject(CHAT_MCP_OPTIONS) private readonly options: ChatMcpModuleOptions,
  ) {}

  /** The served tools. */
  get tools(): readonly NestToolDefinition[] {
    return this.#tools;
  }

  /** The Streamable HTTP handler of the endpoint. */
  get handler(): McpHttpHandler {
    this.#handler ??= new McpHttpHandler({ tools: this.#tools }, this.options);
    return this.#handler;
  }

  onModuleInit(): void {
    const { toolsets, chats } = this.options;
    this.#tools = this.explorer
      .explore()
      .filter((found) => !chats || found.chats.some((chat) => chats.includes(chat)))
      .flatMap((found) => found.tools)
      .filter((tool) => !toolsets || toolsets.some((cls) => tool.instance instanceof cls));
    this.logger.log(`MCP serves ${this.#tools.length} tool(s): ${this.#tools.map((t) => t.name).join(', ')}`);
  }

  /** Serves the tools on this process's stdin/stdout, with `context` as every caller's context. */
  async serveStdio(context?: unknown): Promise<void> {
    this.#stdio = await serveMcpOverStdio({ tools: this.#tools }, this.options, context);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.#handler?.close();
    await this.#stdio?.();
  }
}
