import 'reflect-metadata';
import { DecoratorUsageError } from '../../lib/errors';
import { getChatMetadataStorage, Schema, type SchemaOptions } from '../../lib/decorators';

describe('@Schema()', () => {
  it('records its options (only: the schema binding is by class reference, never by file)', () => {
    @Schema({ name: 'weather_report', description: 'A report' })
    class Report {}
    const record = getChatMetadataStorage().getSchema(Report);
    expect(record).toEqual({ options: { name: 'weather_report', description: 'A report' } });
    // one store: no second copy in Reflect metadata
    expect(Reflect.getMetadataKeys(Report).filter((k) => String(k).startsWith('chat-ts:'))).toEqual([]);
  });

  it('is not inherited: a subclass is its own schema', () => {
    @Schema()
    class Base {}
    class Derived extends Base {}
    expect(getChatMetadataStorage().getSchema(Derived)).toBeUndefined();
  });

  it('throws at class definition for bad usage, naming the class', () => {
    const apply = (options: unknown): void => {
      class Weather {}
      Schema(options as SchemaOptions)(Weather);
    };
    expect(() => apply({ name: 'has space' })).toThrow(new DecoratorUsageError('@Schema()', 'Weather', undefined, 'name "has space" must match /^[a-zA-Z0-9_-]{1,64}$/'));
    expect(() => apply({ description: ['x'] })).toThrow('@Schema() on Weather: description must be a string, got an array');
    expect(() => apply({ strict: true })).toThrow('@Schema() on Weather: unknown option(s) strict');
    expect(() => {
      class Twice {}
      Schema()(Twice);
      Schema()(Twice);
    }).toThrow('@Schema() on Twice: applied twice');
  });
});
