import type { TypeMetadata } from 'class-transformer/types/interfaces/metadata/type-metadata.interface';

/** The part of class-transformer's (public, but not re-exported) metadata storage chat-ts reads. */
interface TransformerStorage {
  findTypeMetadata(target: object, propertyName: string): TypeMetadata | undefined;
}

// class-transformer keeps `@Type()` hints in this singleton; it is the same one `plainToInstance` reads.
const storage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage }).defaultMetadataStorage;

/** The `@Type()` hint of a property (own or inherited), if any. */
export function findTransformType(target: object, propertyName: string): TypeMetadata | undefined {
  return storage.findTypeMetadata(target, propertyName);
}

/** The `@Type()` hint declared on this very class, if any. */
export function findOwnTransformType(target: object, propertyName: string): TypeMetadata | undefined {
  const found = storage.findTypeMetadata(target, propertyName);
  return found && found.target === target ? found : undefined;
}
