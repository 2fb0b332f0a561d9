import type { ToolSource } from '../tools/tools.builder';
import type { McpToolSetOptions } from './mcp-server.config';
import { McpToolSet } from './mcp-tool.set';

/**
 * The tools of MCP servers as a `ToolsBuilder` source: connected at `collect()`, closed by the
 * collected set's `dispose()`. Also what `ChatModule`'s `tools` option takes in Nest (closed on shutdown).
 *
 * @example
 * const tools = await new ToolsBuilder()
 *   .add(new WeatherTools())
 *   .addSource(mcpTools({ servers: { files: { command: 'mcp-server-filesystem', args: ['/srv/docs'] } } }))
 *   .collect();
 */
export function mcpTools(options: McpToolSetOptions): ToolSource {
  return { label: `mcp:${Object.keys(options.servers ?? {}).join(',')}`, load: () => McpToolSet.connect(options) };
}
