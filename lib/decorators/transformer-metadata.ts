import type * as ClassTransformer from 'class-transformer';
import type { TypeMetadata } from 'class-transformer/types/interfaces/metadata/type-metadata.interface';

/** The part of class-transformer's (public, but not re-exported) metadata storage chat-ts reads. */
interface TransformerStorage {
  findTypeMetadata(target: object, propertyName: string): TypeMetadata | undefined;
}

let loaded: TransformerStorage | undefined;

/** class-transformer keeps `@Type()` hints in this singleton (the one `plainToInstance` reads); loaded on first use. */
function storage(): TransformerStorage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage }).defaultMetadataStorage);
}

/** class-transformer's `@Type()` decorator factory (class-transformer loads on first use). */
export function transformerType(): typeof ClassTransformer.Type {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('class-transformer') as typeof ClassTransformer).Type;
}

/** The `@Type()` hint of a property (own or inherited), if any. */
export function findTransformType(target: object, propertyName: string): TypeMetadata | undefined {
  return storage().findTypeMetadata(target, propertyName);
}

/** The `@Type()` hint declared on this very class, if any. */
export function findOwnTransformType(target: object, propertyName: string): TypeMetadata | undefined {
  const found = storage().findTypeMetadata(target, propertyName);
  return found && found.target === target ? found : undefined;
}
