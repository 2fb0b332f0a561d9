import 'reflect-metadata';
import { DecoratorUsageError } from '../errors/decorator-usage.error';
import { getChatMetadataStorage } from './chat-metadata.storage';
import { SCHEMA_NAME_PATTERN } from './constants';
import { checkOptionalString, checkOptionsObject } from './decorator-checks';

/** Options of `@Schema()`. */
export interface SchemaOptions {
  /** Name sent with the structured-output request; defaults to the class name. */
  readonly name?: string;
  /** What the object is, for the model; defaults to the class JSDoc (from the generated schema metadata, `chat-ts schema`). */
  readonly description?: string;
}

const DECORATOR = '@Schema()';

/**
 * Marks a class as a structured-output type: `npx chat-ts schema` generates its JSON Schema at
 * build time, and `withStructuredOutput(Class)` turns the model's JSON into a validated instance.
 *
 * @example
 * @Schema({ description: 'Current weather' })
 * class Weather {
 *   @IsString() city!: string;
 *   @IsNumber() @Min(-90) celsius!: number;
 * }
 * @publicApi
 */
export function Schema(options?: SchemaOptions): ClassDecorator {
  return (target) => {
    const className = target.name || '(anonymous class)';
    checkOptionsObject(DECORATOR, className, undefined, options);
    const opts = options ?? {};
    const unknown = Object.keys(opts).filter((k) => k !== 'name' && k !== 'description');
    if (unknown.length > 0) throw new DecoratorUsageError(DECORATOR, className, undefined, `unknown option(s) ${unknown.join(', ')}`);
    checkOptionalString(DECORATOR, className, undefined, 'name', opts.name);
    checkOptionalString(DECORATOR, className, undefined, 'description', opts.description);
    const name = opts.name ?? className;
    if (!SCHEMA_NAME_PATTERN.test(name)) {
      throw new DecoratorUsageError(DECORATOR, className, undefined, `name ${JSON.stringify(name)} must match ${SCHEMA_NAME_PATTERN}`);
    }
    const storage = getChatMetadataStorage();
    if (storage.getSchema(target)) throw new DecoratorUsageError(DECORATOR, className, undefined, 'applied twice');
    storage.setSchema(target, { options: opts });
  };
}
