import type { ToolSpec } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { assertUniqueToolNames } from './tool-names.check';

/** The tools of a chat, by name. Two tools with one name are a `ToolNameClashError`. */
export class ToolRegistry {
  private readonly byName = new Map<string, ToolDefinition>();
  /** What the model sees, computed once. */
  readonly specs: readonly ToolSpec[];

  constructor(tools: readonly ToolDefinition[]) {
    assertUniqueToolNames(tools);
    for (const tool of tools) this.byName.set(tool.name, tool);
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
