import { getChatMetadataStorage, type FieldRecord } from '../../decorators/chat-metadata.storage';
import { readValidatorRules, type ValidatorRule } from './validator-metadata.reader';

/** One property of a class as run-time metadata describes it. */
export interface ClassProperty {
  readonly name: string;
  readonly rules: readonly ValidatorRule[];
  readonly field?: FieldRecord;
}

/**
 * The properties run-time metadata knows about (class-validator rules and `@Field()` hints, own and
 * inherited), in declaration order where it can be told: the order of an instance's own keys (ES2022
 * class fields), then the order decorators recorded them.
 */
export function classProperties(target: Function): ClassProperty[] {
  const rules = readValidatorRules(target);
  const fields = getChatMetadataStorage().getFields(target);
  const names = [...new Set([...rules.keys(), ...fields.keys()])];
  const declared = instanceKeys(target);
  const rank = (name: string): number => {
    const index = declared.indexOf(name);
    return index === -1 ? declared.length + names.indexOf(name) : index;
  };
  names.sort((a, b) => rank(a) - rank(b));
  return names.map((name) => ({ name, rules: rules.get(name) ?? [], field: fields.get(name) }));
}

/**
 * Properties an instance has (ES2022 class fields, also those without an initializer) that no
 * class-validator decorator or `@Field()` describes: invisible to the run-time schema. Empty when
 * the compiler emits no class fields (older `target`s) or the class cannot be constructed bare.
 */
export function undescribedProperties(target: Function): string[] {
  const known = new Set(classProperties(target).map((p) => p.name));
  return instanceKeys(target).filter((name) => !known.has(name));
}

function instanceKeys(target: Function): string[] {
  try {
    return Object.keys(new (target as new () => object)());
  } catch {
    return [];
  }
}
