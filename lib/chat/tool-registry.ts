import type { ToolSpec } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { ConfigurationError } from '../errors/configuration.error';

/** The tools of a chat, by name. Two tools with one name are a configuration error. */
export class ToolRegistry {
  private readonly byName = new Map<string, ToolDefinition>();
  /** What the model sees, computed once. */
  readonly specs: readonly ToolSpec[];

  constructor(tools: readonly ToolDefinition[]) {
    for (const tool of tools) {
      if (this.byName.has(tool.name)) throw new ConfigurationError(`Two tools are named "${tool.name}"; tool names must be unique`);
      this.byName.set(tool.name, tool);
    }
    this.specs = tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  }

  get size(): number {
    return this.byName.size;
  }

  get(name: string): ToolDefinition | undefined {
    return this.byName.get(name);
  }

  /** Tool names, for error messages. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}

/** Whether a `withTools()` argument is a `ToolSet` rather than an array of definitions. */
export function isToolSet(value: readonly ToolDefinition[] | ToolSet): value is ToolSet {
  return !Array.isArray(value) && typeof (value as ToolSet).tools === 'object';
}
