import type { McpTool as Tool } from './mcp-wire.types';
import type { McpNamespacing } from './mcp-server.config';

/** What providers accept as a tool name: letters, digits, `_` and `-`, at most 64 characters. */
export function safeToolName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return cleaned.slice(0, 64) || 'tool';
}

/** A server's listed tools, with the prefix its names take when namespaced. */
export interface ListedServer {
  readonly server: string;
  readonly prefix: string;
  readonly tools: readonly Tool[];
}

/**
 * The name each tool gets in the chat, by server then remote name. `taken` holds names already
 * in use (by tools kept from before), which a new tool must not take.
 */
export function chatToolNames(servers: readonly ListedServer[], namespacing: McpNamespacing, taken: ReadonlySet<string> = new Set()): Map<string, Map<string, string>> {
  const counts = new Map<string, number>();
  for (const { tools } of servers) for (const tool of tools) counts.set(safeToolName(tool.name), (counts.get(safeToolName(tool.name)) ?? 0) + 1);
  const names = new Map<string, Map<string, string>>();
  for (const { server, prefix, tools } of servers) {
    const byRemote = new Map<string, string>();
    for (const tool of tools) {
      const plain = safeToolName(tool.name);
      const clash = (counts.get(plain) ?? 0) > 1 || taken.has(plain);
      const namespaced = namespacing === 'always' || (namespacing === 'on-clash' && clash);
      byRemote.set(tool.name, namespaced ? safeToolName(`${prefix}_${tool.name}`) : plain);
    }
    names.set(server, byRemote);
  }
  return names;
}
