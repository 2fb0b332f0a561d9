import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';

/*
 * class-validator (with validator.js and libphonenumber) and class-transformer are the heaviest
 * modules chat-ts uses: they load on first use (validating or deriving a schema from a class),
 * not when chat-ts is imported. An app that declares decorated classes has loaded them already.
 */

let validatorModule: typeof ClassValidator | undefined;
let transformerModule: typeof ClassTransformer | undefined;

/** class-validator, loaded on first use. */
export function classValidator(): typeof ClassValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (validatorModule ??= require('class-validator') as typeof ClassValidator);
}

/** class-transformer, loaded on first use. */
export function classTransformer(): typeof ClassTransformer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (transformerModule ??= require('class-transformer') as typeof ClassTransformer);
}
