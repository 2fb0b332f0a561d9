import type { ToolDefinition } from '../core/tool.types';
import { ToolNameClashError } from '../errors/tool-name-clash.error';

/**
 * Where a tool comes from, for messages: `Class.method` for `@Tool()` methods, `function (file:line)`
 * for tools that carry a `source` (Python tools), else its name.
 */
export function originOf(tool: ToolDefinition): string {
  const { origin, source } = tool as { origin?: unknown; source?: { file?: unknown; line?: unknown; functionName?: unknown } };
  if (typeof origin === 'string') return origin;
  if (source && typeof source.file === 'string') {
    const where = typeof source.line === 'number' ? `${source.file}:${source.line}` : source.file;
    return typeof source.functionName === 'string' ? `${source.functionName} (${where})` : where;
  }
  return `tool "${tool.name}"`;
}

/** @throws ToolNameClashError naming both origins when two tools share a name. */
export function assertUniqueToolNames(tools: readonly ToolDefinition[]): void {
  const seen = new Map<string, ToolDefinition>();
  for (const tool of tools) {
    const first = seen.get(tool.name);
    if (first) {
      const sources = [originOf(first), originOf(tool)];
      throw new ToolNameClashError(`Duplicate tool name "${tool.name}": ${sources.join(' and ')}; rename one (e.g. @Tool({ name: '...' }))`, {
        toolName: tool.name,
        sources,
      });
    }
    seen.set(tool.name, tool);
  }
}
