import { METADATA_STORAGE_KEY } from './constants';
import type { ToolOptions } from './tool.decorator';
import type { SchemaOptions } from './schema.decorator';
import type { FieldOptions, FieldTypeThunk } from './field.decorator';

/** Any class. */
export type AnyClass = Function;

/** What `@Tool()` recorded about one method. */
export interface ToolMethodRecord {
  readonly declaringClass: AnyClass;
  readonly methodName: string;
  readonly options: ToolOptions;
}

/** What `@Schema()` recorded about one class. */
export interface SchemaClassRecord {
  readonly options: SchemaOptions;
}

/** What `@Field()` recorded about one property. */
export interface FieldRecord {
  readonly propertyName: string;
  readonly type?: FieldTypeThunk;
  readonly options: FieldOptions;
}

/**
 * Plain metadata recorded by the chat-ts decorators. Decorators only record; tool collection and
 * schema derivation read it. One instance per process (on `globalThis`, so two copies of chat-ts
 * share it); `clear()` resets it between tests.
 */
export class ChatMetadataStorage {
  private readonly tools = new Map<AnyClass, ToolMethodRecord[]>();
  private readonly schemas = new Map<AnyClass, SchemaClassRecord>();
  private readonly fields = new Map<AnyClass, Map<string, FieldRecord>>();

  /** Records a `@Tool()` method. */
  addTool(record: ToolMethodRecord): void {
    const list = this.tools.get(record.declaringClass) ?? [];
    list.push(record);
    this.tools.set(record.declaringClass, list);
  }

  /** `@Tool()` methods declared on this class itself. */
  getOwnTools(target: AnyClass): readonly ToolMethodRecord[] {
    return this.tools.get(target) ?? [];
  }

  /** `@Tool()` methods of a class and its ancestors; a subclass's record wins for the same method. */
  getTools(target: AnyClass): readonly ToolMethodRecord[] {
    const seen = new Set<string>();
    const result: ToolMethodRecord[] = [];
    for (const cls of lineage(target)) {
      for (const record of this.getOwnTools(cls)) {
        if (seen.has(record.methodName)) continue;
        seen.add(record.methodName);
        result.push(record);
      }
    }
    return result;
  }

  /** Records a `@Schema()` class. */
  setSchema(target: AnyClass, record: SchemaClassRecord): void {
    this.schemas.set(target, record);
  }

  /** The `@Schema()` record of this very class (not inherited). */
  getSchema(target: AnyClass): SchemaClassRecord | undefined {
    return this.schemas.get(target);
  }

  /** Records a `@Field()` property (a later record for the same property replaces it). */
  addField(target: AnyClass, record: FieldRecord): void {
    const map = this.fields.get(target) ?? new Map<string, FieldRecord>();
    map.set(record.propertyName, record);
    this.fields.set(target, map);
  }

  /** `@Field()` records of a class and its ancestors (a subclass's record wins), ancestors' first. */
  getFields(target: AnyClass): ReadonlyMap<string, FieldRecord> {
    const merged = new Map<string, FieldRecord>();
    for (const cls of lineage(target).reverse()) {
      for (const [name, record] of this.fields.get(cls) ?? []) merged.set(name, record);
    }
    return merged;
  }

  /** Forgets everything (tests). */
  clear(): void {
    this.tools.clear();
    this.schemas.clear();
    this.fields.clear();
  }
}

/** The class and its ancestors, nearest first. */
function lineage(target: AnyClass): AnyClass[] {
  const result: AnyClass[] = [];
  let current: unknown = target;
  while (typeof current === 'function' && current !== Function.prototype && current !== Object) {
    result.push(current as AnyClass);
    current = Object.getPrototypeOf(current);
  }
  return result;
}

/**
 * The process-wide chat-ts metadata storage.
 *
 * @example
 * afterEach(() => getChatMetadataStorage().clear());
 */
export function getChatMetadataStorage(): ChatMetadataStorage {
  const holder = globalThis as { [METADATA_STORAGE_KEY]?: ChatMetadataStorage };
  holder[METADATA_STORAGE_KEY] ??= new ChatMetadataStorage();
  return holder[METADATA_STORAGE_KEY];
}
