import { ValidationPipe } from '@nestjs/common';
import type { ExternalContextCreator } from '@nestjs/core';
import type { ToolArgumentsCheck } from '../core/tool.types';
import { classValidator } from '../schema/runtime/validation-libraries';
import { formatValidationErrors, validationErrorsToJson } from '../schema/validation-errors';

/**
 * The class-validator options applied to the arguments of `@Toolset()` tools, as Nest's
 * `ValidationPipe` applies them to request bodies: `whitelist` strips properties without a
 * validation decorator; `forbidNonWhitelisted` refuses them instead (an error result the model can correct).
 */
export interface ToolValidationOptions {
  readonly whitelist?: boolean;
  readonly forbidNonWhitelisted?: boolean;
}

/**
 * `ChatModule`'s `toolValidation`: explicit options, or `'global-pipe'` to follow the app's global
 * `ValidationPipe` (`app.useGlobalPipes(new ValidationPipe({ ... }))` or an `APP_PIPE` provider),
 * read when a tool is called.
 */
export type ToolValidationSetting = ToolValidationOptions | 'global-pipe';

/** What of a `ValidationPipe` holds its class-validator options (a protected field of Nest's class). */
interface PipeWithOptions {
  readonly validatorOptions?: ToolValidationOptions;
}

/** What of `ExternalContextCreator` lists the app's global pipes (not in Nest's public types). */
interface CreatorWithPipes {
  readonly pipesContextCreator?: { getGlobalMetadata?(): unknown[] };
}

/** Resolves the module's `toolValidation` to options, per call. */
export class ToolValidationSource {
  constructor(
    private readonly setting: ToolValidationSetting | undefined,
    private readonly creator: ExternalContextCreator,
  ) {}

  /** The options in force now (none when the module does not ask). */
  current(): ToolValidationOptions | undefined {
    if (this.setting !== 'global-pipe') return this.setting;
    const pipes = (this.creator as unknown as CreatorWithPipes).pipesContextCreator?.getGlobalMetadata?.() ?? [];
    const pipe = pipes.find((p): p is ValidationPipe => p instanceof ValidationPipe);
    const options = (pipe as PipeWithOptions | undefined)?.validatorOptions;
    return options ? { whitelist: options.whitelist, forbidNonWhitelisted: options.forbidNonWhitelisted } : undefined;
  }
}

/** Applies `whitelist` / `forbidNonWhitelisted` to arguments that passed the tool's own validation (stripping in place). */
export async function applyToolValidation(check: ToolArgumentsCheck, options: ToolValidationOptions | undefined): Promise<ToolArgumentsCheck> {
  // as in Nest's ValidationPipe, forbidNonWhitelisted only takes effect with whitelist
  if (!check.ok || !options?.whitelist) return check;
  const value = check.value;
  if (value === null || typeof value !== 'object') return check;
  const errors = await classValidator().validate(value, { whitelist: true, forbidNonWhitelisted: options.forbidNonWhitelisted === true });
  if (errors.length === 0) return check;
  return { ok: false, message: formatValidationErrors(errors), details: validationErrorsToJson(errors) };
}
