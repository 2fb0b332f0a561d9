import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { Type } from 'class-transformer';
import { IsString } from 'class-validator';
import { Field, getChatMetadataStorage, type FieldOptions } from '../../lib/decorators';

class Item {
  @IsString() sku!: string;
}
class Special extends Item {}

class Order {
  @Field(() => [Item]) items!: Item[];
  @Field(() => Item, { description: 'The main item', nullable: true }) main!: Item | null;
  @Field(() => [String]) tags!: string[];
  @Type(() => Special) @Field(() => Item) special!: Item;
  @Field({ description: 'Free note' }) note?: string;
}

describe('@Field()', () => {
  it('records the type thunk and options per property', () => {
    const fields = getChatMetadataStorage().getFields(Order);
    expect([...fields.keys()]).toEqual(['items', 'main', 'tags', 'special', 'note']);
    expect(fields.get('main')?.options).toEqual({ description: 'The main item', nullable: true });
    expect(fields.get('items')?.type?.()).toEqual([Item]);
    expect(fields.get('note')?.type).toBeUndefined();
    // one store: no second copy in Reflect metadata
    expect(Reflect.getMetadataKeys(Order.prototype, 'note').filter((k) => String(k).startsWith('chat-ts:'))).toEqual([]);
  });

  it('tells class-transformer which class to build, without coercing scalars nor overriding @Type()', () => {
    const order = plainToInstance(Order, { items: [{ sku: 'a' }], main: { sku: 'b' }, tags: ['x', 2], special: { sku: 'c' } });
    expect(order.items[0]).toBeInstanceOf(Item);
    expect(order.main).toBeInstanceOf(Item);
    expect(order.tags).toEqual(['x', 2]);
    expect(order.special).toBeInstanceOf(Special);
  });

  it('merges inherited fields, the subclass winning', () => {
    class Base {
      @Field({ description: 'base' }) a?: string;
      @Field({ description: 'base' }) b?: string;
    }
    class Child extends Base {
      @Field({ description: 'child' }) override b?: string = undefined;
    }
    const fields = getChatMetadataStorage().getFields(Child);
    expect([...fields.entries()].map(([k, v]) => [k, v.options.description])).toEqual([
      ['a', 'base'],
      ['b', 'child'],
    ]);
  });

  it('throws for bad usage, naming class and property', () => {
    class Bad {}
    expect(() => Field(String as never)(Bad.prototype, 'x')).toThrow(
      '@Field() on Bad.x: the type hint must be a function returning the type, e.g. @Field(() => String)',
    );
    expect(() => Field({ nullable: 'yes' } as unknown as FieldOptions)(Bad.prototype, 'x')).toThrow('@Field() on Bad.x: nullable must be a boolean');
    expect(() => Field({} as never, {})(Bad.prototype, 'x')).toThrow('@Field() on Bad.x: the type hint must be a function');
    expect(() => Field()(Bad, 'x')).toThrow('@Field() on Bad.x: fields must be instance properties, not static');
  });
});
