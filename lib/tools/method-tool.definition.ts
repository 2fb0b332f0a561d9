import type { JsonSchema, JsonValue } from '../core/json.types';
import type { ToolArgumentsCheck, ToolContext, ToolDefinition, ToolMetadata } from '../core/tool.types';
import { NoExplicitTypeError } from '../errors/no-explicit-type.error';
import { schemaOfToolArguments, toolDescriptionOf } from '../schema/class-schema.resolver';
import { validateAsClass } from '../schema/class-validation';
import { warnMissingDescription } from './missing-description.warning';
import { NoArguments } from './no-arguments';
import type { ToolMethod } from './tool-method.inspector';

const EMPTY_OBJECT: JsonSchema = { type: 'object', properties: {} };

/**
 * A `@Tool()` method bound to its instance: arguments validated with class-transformer +
 * class-validator, then the method called with `(args, context)`.
 */
export class MethodToolDefinition implements ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly metadata: ToolMetadata;
  /** Where the tool comes from, for error messages (`WeatherTools.getWeather`). */
  readonly origin: string;

  constructor(private readonly tool: ToolMethod) {
    const { record, className } = tool;
    const options = record.options;
    this.origin = `${className}.${record.methodName}`;
    this.name = options.name ?? record.methodName;
    let parameters = EMPTY_OBJECT;
    let generatedDescription: string | undefined;
    if (tool.argsType && tool.argsType !== NoArguments) {
      try {
        const resolved = schemaOfToolArguments(record, tool.argsType);
        parameters = resolved.schema;
        generatedDescription = resolved.toolDescription;
      } catch (error) {
        if (!(error instanceof NoExplicitTypeError)) throw error;
        throw new NoExplicitTypeError(error.className, error.propertyName, `Tool ${this.origin}: ${error.message}`, { cause: error });
      }
    } else {
      generatedDescription = toolDescriptionOf(record);
    }
    this.parameters = parameters;
    this.description = options.description ?? generatedDescription ?? '';
    if (options.description === undefined && !this.description) warnMissingDescription(this.name, this.origin);
    this.metadata = Object.freeze({
      ...(options.metadata ?? {}),
      ...(options.requiresApproval !== undefined ? { requiresApproval: options.requiresApproval } : {}),
    });
  }

  async validate(args: JsonValue): Promise<ToolArgumentsCheck> {
    const argsType = this.tool.argsType;
    if (!argsType || argsType === NoArguments) {
      if (args === null || (typeof args === 'object' && !Array.isArray(args))) return { ok: true, value: argsType ? new NoArguments() : undefined };
      return { ok: false, message: 'expected a JSON object' };
    }
    const check = await validateAsClass(argsType, args, this.parameters);
    if (check.ok) return { ok: true, value: check.value };
    return { ok: false, message: check.message, details: check.details };
  }

  async execute(args: unknown, context: ToolContext): Promise<unknown> {
    const { method, instance, argsType } = this.tool;
    return argsType ? method.call(instance, args, context) : method.call(instance);
  }
}
