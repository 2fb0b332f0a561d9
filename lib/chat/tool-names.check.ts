import type { ToolDefinition } from '../core/tool.types';
import { ToolNameClashError } from '../errors/tool-name-clash.error';

/**
 * Where a tool comes from, for messages: `Class.method` for `@Tool()` methods, `function (file:line)`
 * for tools that carry a `source` (Python tools), else its place in the list (when given) or its name.
 */
export function originOf(tool: ToolDefinition, index?: number): string {
  const { origin, source } = tool as { origin?: unknown; source?: { file?: unknown; line?: unknown; functionName?: unknown } };
  if (typeof origin === 'string') return origin;
  if (source && typeof source.file === 'string') {
    const where = typeof source.line === 'number' ? `${source.file}:${source.line}` : source.file;
    return typeof source.functionName === 'string' ? `${source.functionName} (${where})` : where;
  }
  return index === undefined ? `tool "${tool.name}"` : `the tool at index ${index}`;
}

/**
 * The one duplicate-name check of chat-ts: `collectTools()`, `ToolsBuilder.collect()` (so Nest's
 * discovered, explicit and Python tools too) and `ChatBuilder.build()` all run it.
 * @throws ToolNameClashError naming both origins when two tools share a name.
 */
export function assertUniqueToolNames(tools: readonly ToolDefinition[]): void {
  const seen = new Map<string, number>();
  for (const [index, tool] of tools.entries()) {
    const firstIndex = seen.get(tool.name);
    if (firstIndex !== undefined) {
      const sources = [originOf(tools[firstIndex], firstIndex), originOf(tool, index)];
      throw new ToolNameClashError(`Duplicate tool name "${tool.name}": ${sources.join(' and ')}; rename one (e.g. @Tool({ name: '...' }))`, {
        toolName: tool.name,
        sources,
      });
    }
    seen.set(tool.name, index);
  }
}
