import type { ToolDefinition } from '../core/tool.types';
import { ToolDefinitionError } from '../errors/tool-definition.error';

/** Where a tool comes from, for messages: `Class.method` for `@Tool()` methods, else its name. */
export function originOf(tool: ToolDefinition): string {
  const origin = (tool as { origin?: unknown }).origin;
  return typeof origin === 'string' ? origin : `tool "${tool.name}"`;
}

/** @throws ToolDefinitionError naming both origins when two tools share a name. */
export function assertUniqueToolNames(tools: readonly ToolDefinition[]): void {
  const seen = new Map<string, ToolDefinition>();
  for (const tool of tools) {
    const first = seen.get(tool.name);
    if (first) {
      const match = /^([\w$]+)\.([\w$]+)$/.exec(originOf(tool));
      throw new ToolDefinitionError(
        `Duplicate tool name "${tool.name}": ${originOf(first)} and ${originOf(tool)}; rename one with @Tool({ name: '...' })`,
        match ? { className: match[1], methodName: match[2] } : {},
      );
    }
    seen.set(tool.name, tool);
  }
}
