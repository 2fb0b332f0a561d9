import 'reflect-metadata';
import type { ToolMetadata } from '../core/tool.types';
import { DecoratorUsageError } from '../errors/decorator-usage.error';
import { TOOL_METADATA, TOOL_NAME_PATTERN } from './constants';
import { checkOptionalString, checkOptionsObject, classNameOf, describe, firstNonJson, memberName } from './decorator-checks';
import { getToolOptions } from './tool-metadata.accessor';

/** A class whose instances are a tool's arguments. */
export type ArgumentsClass = new (...args: never[]) => object;

/** Options of `@Tool()`. */
export interface ToolOptions {
  /** Name the model sees; defaults to the method name. Letters, digits, `_` and `-`, at most 64. */
  readonly name?: string;
  /** What the tool does, for the model; defaults to the method's JSDoc (from the generated schema metadata, `chat-ts schema`). */
  readonly description?: string;
  /** Free metadata for the engine (approval strategy, cost tier...); never sent to the model. */
  readonly metadata?: ToolMetadata;
  /** Shortcut for `metadata: { requiresApproval: true }`. */
  readonly requiresApproval?: boolean;
  /**
   * The arguments class, for compilers that emit no `design:paramtypes` (tsx, esbuild, SWC).
   * With `tsc`/ts-node/ts-jest the parameter type is read from the method signature.
   */
  readonly args?: () => ArgumentsClass;
}

const DECORATOR = '@Tool()';
const KNOWN_OPTIONS = new Set(['name', 'description', 'metadata', 'requiresApproval', 'args']);

/**
 * Marks a method as a tool the model may call. The method takes an arguments object typed by a
 * class with class-validator decorators (or nothing), then optionally a `ToolContext`; it returns
 * a value or a Promise (strings go to the model as they are, other values as JSON).
 * Bad usage throws a `DecoratorUsageError` when the class is defined; two tools with one name
 * throw a `ToolNameClashError` when they are collected (`collectTools()`, Nest bootstrap).
 *
 * @example
 * class WeatherArgs {
 *   @IsString() city!: string;
 * }
 * class WeatherTools {
 *   @Tool({ description: 'Get the current weather in a city.', metadata: { costTier: 1 } })
 *   async getWeather(args: WeatherArgs, context: ToolContext<{ userId: string }>) {
 *     return { city: args.city, celsius: 21 };
 *   }
 * }
 * @publicApi
 */
export function Tool(options?: ToolOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const className = classNameOf(target);
    const member = memberName(key);
    const fail = (problem: string): never => {
      throw new DecoratorUsageError(DECORATOR, className, member, problem);
    };
    if (typeof target === 'function') fail('tools must be instance methods, not static methods');
    if (typeof key === 'symbol') fail('tools must have a string method name');
    if (!descriptor || typeof descriptor.value !== 'function') fail('must decorate a method (not a property or accessor)');
    checkOptionsObject(DECORATOR, className, member, options);
    const opts = options ?? {};
    const unknown = Object.keys(opts).filter((k) => !KNOWN_OPTIONS.has(k));
    if (unknown.length > 0) fail(`unknown option(s) ${unknown.join(', ')}; put free data under "metadata"`);
    checkOptionalString(DECORATOR, className, member, 'name', opts.name);
    checkOptionalString(DECORATOR, className, member, 'description', opts.description);
    const name = opts.name ?? (key as string);
    if (!TOOL_NAME_PATTERN.test(name)) fail(`tool name ${JSON.stringify(name)} must match ${TOOL_NAME_PATTERN}`);
    if (opts.metadata !== undefined) {
      if (opts.metadata === null || typeof opts.metadata !== 'object' || Array.isArray(opts.metadata)) {
        fail(`metadata must be an object, got ${describe(opts.metadata)}`);
      }
      const bad = firstNonJson(opts.metadata);
      if (bad !== undefined) fail(`metadata.${bad} is not a JSON value`);
    }
    if (opts.requiresApproval !== undefined && typeof opts.requiresApproval !== 'boolean') {
      fail(`requiresApproval must be a boolean, got ${describe(opts.requiresApproval)}`);
    }
    if (opts.args !== undefined && typeof opts.args !== 'function') {
      fail(`args must be a function returning the arguments class, e.g. args: () => WeatherArgs`);
    }
    const method = descriptor!.value as object;
    if (getToolOptions(method)) fail('applied twice');
    // The one record of a tool, on the method itself (Nest's convention): read by getToolMethods().
    Reflect.defineMetadata(TOOL_METADATA, opts, method);
  };
}
