import type { ExternalContextCreator } from '@nestjs/core';
import type { ToolContext, ToolDefinition, ToolSet } from '../core/tool.types';
import { NestToolDefinition } from './nest-tool.definition';
import { ToolPipeline } from './tool-pipeline';

/**
 * What Nest's enhancers see as the class of a tool that is no `@Tool()` method (an MCP server's,
 * a Python function, a plain definition): `ctx.getClass()`; `ctx.getHandler().name` is the tool's name.
 */
export class ChatExternalTools {}

/**
 * A chat tool that is no `@Tool()` method, run through Nest's pipeline like one: the app-wide
 * guards (`APP_GUARD`, `useGlobalGuards`) before each call, before an approval wait and before
 * offering it (`hideDeniedTools`), and the app-wide interceptors around it. A `NestToolDefinition`
 * is returned as it is.
 */
export function guardedTool(creator: ExternalContextCreator, tool: ToolDefinition): NestToolDefinition {
  if (tool instanceof NestToolDefinition) return tool;
  const host = new ChatExternalTools();
  const run = { [tool.name]: (args: unknown, context: ToolContext) => tool.execute(args, context) }[tool.name];
  const pipeline = new ToolPipeline(creator, host, tool.name, tool.name, run as (...args: unknown[]) => unknown);
  return new NestToolDefinition(tool, pipeline, host);
}

/**
 * `set`'s tools, each through `guard` (see {@link guardedTool}), following the set when its tools
 * change (an MCP server's `tools/list_changed`): a tool keeps its wrapper while its description,
 * schema and metadata stay the same.
 */
export function guardedToolSet(set: ToolSet, guard: (tool: ToolDefinition) => NestToolDefinition): ToolSet {
  const wrappers = new WeakMap<ToolDefinition, NestToolDefinition>();
  const wrap = (tool: ToolDefinition): NestToolDefinition => {
    const known = wrappers.get(tool);
    if (known && known.description === tool.description && known.parameters === tool.parameters && known.metadata === tool.metadata) return known;
    const wrapped = guard(tool);
    wrappers.set(tool, wrapped);
    return wrapped;
  };
  let seen = set.tools;
  let current = seen.map(wrap);
  return {
    get tools(): readonly ToolDefinition[] {
      if (set.tools !== seen) [seen, current] = [set.tools, set.tools.map(wrap)];
      return current;
    },
  };
}
