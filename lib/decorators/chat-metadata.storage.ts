import { lineage, type AnyClass } from './class-lineage';
import { METADATA_STORAGE_KEY } from './constants';
import type { SchemaOptions } from './schema.decorator';
import type { FieldOptions, FieldTypeThunk } from './field.decorator';

export type { AnyClass } from './class-lineage';

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
 * Plain metadata recorded by `@Schema()` and `@Field()`. Decorators only record; schema derivation
 * reads it. One instance per process (on `globalThis`, so two copies of chat-ts share it); `clear()`
 * resets it between tests. (`@Tool()` records on the method itself: see `getToolMethods()`.)
 */
export class ChatMetadataStorage {
  private readonly schemas = new Map<AnyClass, SchemaClassRecord>();
  private readonly fields = new Map<AnyClass, Map<string, FieldRecord>>();

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
    this.schemas.clear();
    this.fields.clear();
  }
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
