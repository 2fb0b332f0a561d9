import type { JsonSchema, JsonValue } from '../../lib/core/json.types';
import type { OutputCheck, OutputSpec } from '../../lib/core/output.types';
import type { ToolArgumentsCheck, ToolContext, ToolDefinition, ToolMetadata } from '../../lib/core/tool.types';

/** A hand-built tool definition for engine tests. */
export function makeTool(options: {
  name: string;
  execute: (args: any, context: ToolContext) => unknown;
  validate?: (args: JsonValue) => ToolArgumentsCheck | Promise<ToolArgumentsCheck>;
  metadata?: ToolMetadata;
  parameters?: JsonSchema;
  description?: string;
}): ToolDefinition {
  return {
    name: options.name,
    description: options.description ?? `The ${options.name} tool`,
    parameters: options.parameters ?? { type: 'object', properties: {} },
    metadata: options.metadata ?? {},
    validate: async (args) => (options.validate ? options.validate(args) : { ok: true, value: args }),
    execute: async (args, context) => options.execute(args, context),
  };
}

/** Validation that requires a string `city`. */
export function requireCity(args: JsonValue): ToolArgumentsCheck {
  const city = (args as { city?: unknown } | null)?.city;
  return typeof city === 'string' ? { ok: true, value: { city } } : { ok: false, message: 'city must be a string', details: { property: 'city' } };
}

/** The structured-output type of the tests. */
export interface Weather {
  readonly city: string;
  readonly celsius: number;
}

/** A hand-built OutputSpec for `Weather` (the schema stream builds these from classes). */
export const weatherSpec: OutputSpec<Weather> = {
  name: 'Weather',
  schema: { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'] },
  async parse(value: JsonValue): Promise<OutputCheck<Weather>> {
    const v = value as Partial<Weather> | null;
    if (typeof v !== 'object' || v === null) return { ok: false, message: 'expected an object', errors: [] };
    const errors = [];
    if (typeof v.city !== 'string') errors.push({ property: 'city', constraints: { isString: 'city must be a string' }, children: [] });
    if (typeof v.celsius !== 'number') errors.push({ property: 'celsius', constraints: { isNumber: 'celsius must be a number' }, children: [] });
    if (errors.length) return { ok: false, message: errors.map((e) => Object.values(e.constraints).join(', ')).join('; '), errors };
    return { ok: true, value: { city: v.city as string, celsius: v.celsius as number } };
  },
};

/** A promise with its resolve function, for tools that wait on the test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
