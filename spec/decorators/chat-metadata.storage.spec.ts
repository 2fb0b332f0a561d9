import { ChatMetadataStorage, getChatMetadataStorage, METADATA_STORAGE_KEY } from '../../lib/decorators';

describe('ChatMetadataStorage', () => {
  it('is one instance per process, kept on globalThis', () => {
    expect(getChatMetadataStorage()).toBe((globalThis as Record<symbol, unknown>)[METADATA_STORAGE_KEY]);
    expect(getChatMetadataStorage()).toBeInstanceOf(ChatMetadataStorage);
  });

  it('can be cleared (tests)', () => {
    const storage = new ChatMetadataStorage();
    class A {}
    storage.setSchema(A, { options: {} });
    storage.addField(A, { propertyName: 'x', options: {} });
    storage.clear();
    expect(storage.getSchema(A)).toBeUndefined();
    expect(storage.getFields(A).size).toBe(0);
  });
});
