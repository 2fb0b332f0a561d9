import { classValidator } from './validation-libraries';

/** One class-validator rule on a property, as chat-ts reads it. */
export interface ValidatorRule {
  /** Validator name, e.g. `isInt`, `min`, `isOptional`, `validateNested`; custom validators keep their own name. */
  readonly name: string;
  readonly constraints: readonly unknown[];
  /** `{ each: true }`: the rule applies to each item of an array. */
  readonly each: boolean;
}

/** Name given to class-validator's nested-validation rule (it has no name of its own). */
export const VALIDATE_NESTED = 'validateNested';

/**
 * class-validator rules of a class (own and inherited), per property in declaration order, read
 * through class-validator's public metadata API. Group-restricted rules are included: the schema
 * describes every value the class may accept.
 */
export function readValidatorRules(target: Function): Map<string, ValidatorRule[]> {
  const { getMetadataStorage, IS_OPTIONAL, ValidationTypes } = classValidator();
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const rules = new Map<string, ValidatorRule[]>();
  for (const meta of metadata) {
    const name =
      meta.type === ValidationTypes.NESTED_VALIDATION
        ? VALIDATE_NESTED
        : meta.type === ValidationTypes.CONDITIONAL_VALIDATION && meta.name !== IS_OPTIONAL
          ? 'validateIf'
          : (meta.name ?? meta.type);
    const list = rules.get(meta.propertyName) ?? [];
    list.push({ name, constraints: Array.isArray(meta.constraints) ? meta.constraints : [], each: meta.each === true });
    rules.set(meta.propertyName, list);
  }
  return rules;
}
