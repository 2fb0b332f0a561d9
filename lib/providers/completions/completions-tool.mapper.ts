import type { ToolSpec } from '../../core/provider.types';
import type { ToolChoice } from '../../core/tool.types';
import { toPlainSchema, toStrictSchema } from './completions-schema.adapter';
import type { CompletionsTool } from './completions-wire.types';

/** Maps tool specs to Chat Completions function tools (strict mode adapts the schemas). */
export function mapTools(tools: readonly ToolSpec[], strict: boolean): CompletionsTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: strict ? toStrictSchema(tool.parameters) : toPlainSchema(tool.parameters),
      ...(strict ? { strict: true } : {}),
    },
  }));
}

/** Maps a tool choice to `tool_choice`. */
export function mapToolChoice(choice: ToolChoice): string | { type: 'function'; function: { name: string } } {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}
