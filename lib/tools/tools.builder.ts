import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { collectTools } from './collect-tools';
import { assertUniqueToolNames } from '../chat/tool-names.check';

/** What a tool source yields: tools, and how to release what they hold. */
export interface LoadedTools {
  readonly tools: readonly ToolDefinition[];
  dispose?(): Promise<void>;
}

/** A source of tools loaded at `collect()` time (e.g. a directory of Python tools run by a host process). */
export interface ToolSource {
  /** Names the source in errors, e.g. `python:tools/`. */
  readonly label: string;
  load(): Promise<LoadedTools>;
}

/**
 * Builds a `ToolSet` from `@Tool()` instances, hand-made `ToolDefinition`s and asynchronous
 * sources (such as `pythonTools()` from `chat-ts/python`). Name clashes across all of them fail at `collect()`; a failing source disposes the ones
 * already loaded. The resulting set's `dispose()` releases every source.
 *
 * @example
 * const tools = await new ToolsBuilder().add(new WeatherTools()).addSource(pythonTools('tools/')).collect();
 * try { ... } finally { await tools.dispose?.(); }
 */
export class ToolsBuilder {
  private readonly sources: ToolSource[] = [];

  /** Adds the `@Tool()` methods of instances (checked at `collect()`). */
  add(...instances: object[]): this {
    return this.addSource({ label: 'instances', load: async () => collectTools(...instances) });
  }

  /** Adds hand-made tool definitions. */
  addTools(...tools: ToolDefinition[]): this {
    return this.addSource({ label: 'tools', load: async () => ({ tools }) });
  }

  /** Adds an asynchronous source; loaded at `collect()`, in the order added. */
  addSource(source: ToolSource): this {
    this.sources.push(source);
    return this;
  }

  /**
   * Loads every source and checks the names.
   * @throws ToolNameClashError for two tools with one name, ToolDefinitionError for a bad tool (or the
   *   source's own error), after disposing what was loaded.
   */
  async collect(): Promise<ToolSet> {
    const settled = await Promise.allSettled(this.sources.map((source) => source.load()));
    const loaded = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const dispose = async (): Promise<void> => {
      const results = await Promise.allSettled(loaded.map((l) => l.dispose?.()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    };
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    const tools = loaded.flatMap((l) => l.tools);
    try {
      if (failure) throw failure.reason;
      assertUniqueToolNames(tools);
    } catch (error) {
      await dispose().catch(() => undefined);
      throw error;
    }
    let disposed: Promise<void> | undefined;
    // a source whose tools change (an MCP server's `tools/list_changed`) is read again: the set's `tools` follows it
    let seen = loaded.map((l) => l.tools);
    let current = tools;
    return {
      get tools(): readonly ToolDefinition[] {
        if (loaded.every((l, i) => l.tools === seen[i])) return current;
        const next = loaded.map((l) => l.tools);
        const flat = next.flatMap((list) => list);
        assertUniqueToolNames(flat);
        [seen, current] = [next, flat];
        return current;
      },
      dispose: () => (disposed ??= dispose()),
    };
  }
}
