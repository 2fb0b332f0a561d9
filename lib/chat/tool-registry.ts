import type { ToolSpec } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { assertUniqueToolNames } from './tool-names.check';

/**
 * The tools of a chat, by name. Two tools with one name are a `ToolNameClashError`.
 * The tools of a `ToolSet` are read again whenever the set's `tools` changes (an MCP server's
 * `tools/list_changed`): the next model request offers the new list, and a call of a new tool runs.
 */
export class ToolRegistry {
  private byName = new Map<string, ToolDefinition>();
  private current: readonly ToolDefinition[] = [];
  private offered: readonly ToolSpec[] = [];
  /** Each set's `tools` array as last read. */
  private readonly seen: Array<readonly ToolDefinition[]>;
  /** The set each tool of the build-time list came from. */
  private readonly owners = new Map<ToolDefinition, number>();

  constructor(
    private readonly base: readonly ToolDefinition[],
    private readonly sets: readonly ToolSet[] = [],
  ) {
    this.seen = sets.map((set) => set.tools);
    sets.forEach((set, index) => set.tools.forEach((tool) => this.owners.set(tool, index)));
    this.take(base);
  }

  /** What the model sees. */
  get specs(): readonly ToolSpec[] {
    this.sync();
    return this.offered;
  }

  /** The tools as they stand. */
  get list(): readonly ToolDefinition[] {
    this.sync();
    return this.current;
  }

  get size(): number {
    this.sync();
    return this.byName.size;
  }

  get(name: string): ToolDefinition | undefined {
    this.sync();
    return this.byName.get(name);
  }

  /** Tool names, for error messages. */
  names(): string[] {
    this.sync();
    return [...this.byName.keys()];
  }

  private take(tools: readonly ToolDefinition[]): void {
    assertUniqueToolNames(tools);
    this.current = tools;
    this.byName = new Map(tools.map((tool) => [tool.name, tool]));
    this.offered = tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  }

  /**
   * Rebuilds the list when a set's tools changed: each set's tools take the place its first tools
   * had. A clash with another tool's name throws (`ToolNameClashError`) until the set changes again.
   */
  private sync(): void {
    if (this.sets.every((set, index) => set.tools === this.seen[index])) return;
    const seen = this.sets.map((set) => set.tools);
    const placed = new Set<number>();
    const tools: ToolDefinition[] = [];
    for (const tool of this.base) {
      const owner = this.owners.get(tool);
      if (owner === undefined) tools.push(tool);
      else if (!placed.has(owner)) {
        placed.add(owner);
        tools.push(...seen[owner]);
      }
    }
    seen.forEach((setTools, index) => {
      if (!placed.has(index)) tools.push(...setTools);
    });
    this.take(tools);
    this.seen.splice(0, this.seen.length, ...seen);
  }
}

/** Whether a `withTools()` argument is a `ToolSet` rather than an array of definitions. */
export function isToolSet(value: readonly ToolDefinition[] | ToolSet): value is ToolSet {
  return !Array.isArray(value) && typeof (value as ToolSet).tools === 'object';
}
