import type { JsonObject, ToolDefinition } from '../../lib';

/** A hand-made tool taking an object of arguments (no decorators: the sample stays one file of logic). */
export function makeToolDefinition(name: string, description: string, run: (args: JsonObject) => unknown): ToolDefinition {
  return {
    name,
    description,
    parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    metadata: {},
    validate: async (args) => ({ ok: true, value: args }),
    execute: async (args) => run(args as JsonObject),
  };
}
