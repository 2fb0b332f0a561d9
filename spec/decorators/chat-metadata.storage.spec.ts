import { ChatMetadataStorage, getChatMetadataStorage, METADATA_STORAGE_KEY, Tool } from '../../lib/decorators';

describe('ChatMetadataStorage', () => {
  it('is one instance per process, kept on globalThis', () => {
    expect(getChatMetadataStorage()).toBe((globalThis as Record<symbol, unknown>)[METADATA_STORAGE_KEY]);
    expect(getChatMetadataStorage()).toBeInstanceOf(ChatMetadataStorage);
  });

  it('lists inherited tools, a subclass re-declaring a method winning', () => {
    class Base {
      @Tool({ description: 'base' }) shared(): void {}
      @Tool() baseOnly(): void {}
    }
    class Child extends Base {
      @Tool({ description: 'child' }) override shared(): void {}
    }
    const tools = getChatMetadataStorage().getTools(Child);
    expect(tools.map((t) => [t.methodName, t.options.description, t.declaringClass])).toEqual([
      ['shared', 'child', Child],
      ['baseOnly', undefined, Base],
    ]);
  });

  it('can be cleared (tests)', () => {
    const storage = new ChatMetadataStorage();
    class A {}
    storage.addTool({ declaringClass: A, methodName: 'run', options: {} });
    storage.setSchema(A, { options: {} });
    storage.addField(A, { propertyName: 'x', options: {} });
    storage.clear();
    expect(storage.getTools(A)).toEqual([]);
    expect(storage.getSchema(A)).toBeUndefined();
    expect(storage.getFields(A).size).toBe(0);
  });
});
