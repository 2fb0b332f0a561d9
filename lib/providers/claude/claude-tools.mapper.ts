import type { ResponseFormat, ToolSpec } from '../../core/provider.types';
import type { ToolChoice } from '../../core/tool.types';
import { toClaudeInputSchema } from './claude-schema.adapter';
import type { ClaudeTool, ClaudeToolChoice } from './claude-wire.types';

/** Name of the forced tool that carries structured output on models without native structured output. */
export const CLAUDE_JSON_TOOL = 'json';

/** Maps tool specs to Claude tools. */
export function toClaudeTools(tools: readonly ToolSpec[]): ClaudeTool[] {
  return tools.map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    input_schema: toClaudeInputSchema(t.parameters),
  }));
}

/** Maps the neutral tool choice: `auto` → auto, `required` → any, `{name}` → tool, `none` → none. */
export function toClaudeToolChoice(choice: ToolChoice, parallel: boolean): ClaudeToolChoice {
  const noParallel = parallel ? {} : { disable_parallel_tool_use: true };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...noParallel };
  if (choice === 'required') return { type: 'any', ...noParallel };
  return { type: 'tool', name: choice.name, ...noParallel };
}

/** Picks a name for the structured-output tool that no user tool already has. */
export function jsonToolName(tools: readonly ToolSpec[]): string {
  const names = new Set(tools.map((t) => t.name));
  let name = CLAUDE_JSON_TOOL;
  for (let i = 2; names.has(name); i++) name = `${CLAUDE_JSON_TOOL}_${i}`;
  return name;
}

/** The structured-output tool: its input is the expected object. */
export function jsonTool(name: string, format: ResponseFormat): ClaudeTool {
  return {
    name,
    description: format.description ?? `Respond with the ${format.name} object by calling this tool with it as the input.`,
    input_schema: toClaudeInputSchema(format.schema),
  };
}
