import { All, Controller, Inject, Module, Req, Res, type DynamicModule, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChatToolExplorer } from '../tool.explorer';
import { CHAT_MCP_OPTIONS, type ChatMcpModuleOptions } from './chat-mcp.options';
import { ChatMcpTools } from './chat-mcp.tools';

/** The controller of the MCP endpoint, on `path`: POST, GET and DELETE go to the MCP handler. */
function mcpController(path: string): Type<unknown> {
  @Controller(path)
  class ChatMcpController {
    constructor(@Inject(ChatMcpTools) private readonly mcp: ChatMcpTools) {}

    @All()
    async handle(@Req() req: IncomingMessage & { body?: unknown }, @Res() res: ServerResponse): Promise<void> {
      await this.mcp.handler.handle(req, res, req.body);
    }
  }
  return ChatMcpController;
}

/**
 * Serves chosen `@Toolset()` services as an MCP server from the app's own HTTP server (Streamable
 * HTTP on `path`), with the same `@Tool()` definitions and schemas the chats use. Each call runs
 * the tool's Nest guards and interceptors, with the caller's context (from `context(req)`) in
 * `ToolContext.context`; a guard's refusal is an `isError` result. Lives in `chat-ts/nest/mcp` so
 * that `chat-ts/nest` never loads the MCP SDK. For stdio, call `app.get(ChatMcpTools).serveStdio()`
 * in a standalone application context.
 *
 * @example
 * @Module({
 *   imports: [ChatMcpModule.forRoot({ path: 'mcp', toolsets: [OrderTools], context: (req) => ({ user: (req as { user?: User }).user }) })],
 *   providers: [OrdersService, OrderTools],
 * })
 * export class AppModule {}
 * @publicApi
 */
@Module({})
export class ChatMcpModule {
  static forRoot<C = unknown>(options: ChatMcpModuleOptions<C> = {}): DynamicModule {
    return {
      module: ChatMcpModule,
      imports: [DiscoveryModule],
      controllers: [mcpController(options.path ?? 'mcp')],
      providers: [{ provide: CHAT_MCP_OPTIONS, useValue: options }, ChatToolExplorer, ChatMcpTools],
      exports: [ChatMcpTools],
    };
  }
}
