import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize, IsBoolean, IsDate, IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, ValidateNested,
} from 'class-validator';
import { Field, Schema } from '../../lib/decorators';
import { NoExplicitTypeError } from '../../lib/errors';
import { deriveSchema, normalizeSchema } from '../../lib/schema';

enum Color {
  Red = 'red',
  Blue = 'blue',
}
enum Size {
  Small,
  Large,
}

class Dimensions {
  @IsNumber() width!: number;
  @IsNumber() height!: number;
}

@Schema({ description: 'A product' })
class Product {
  @IsString() name!: string;
  @IsInt() stock!: number;
  @IsBoolean() active!: boolean;
  @IsEnum(Color) color!: Color;
  @IsEnum(Size) size!: Size;
  @IsIn(['new', 'used']) condition!: 'new' | 'used';
  @IsString({ each: true }) tags!: string[];
  @ValidateNested() dimensions!: Dimensions;
  @Type(() => Dimensions) @ValidateNested({ each: true }) boxes!: Dimensions[];
  @Type(() => Date) @IsDate() since!: Date;
  @Field({ description: 'Shown to buyers', nullable: true }) @IsOptional() @IsString() blurb!: string | null;
  @Field(() => [Color]) @IsEnum(Color, { each: true }) palette!: Color[];
}

describe('deriveSchema (run time)', () => {
  it('derives scalars, enums, literal sets, arrays, nested classes, dates, nullables and descriptions', () => {
    expect(deriveSchema(Product)).toEqual({
      type: 'object',
      description: 'A product',
      properties: {
        name: { type: 'string' },
        stock: { type: 'integer' },
        active: { type: 'boolean' },
        color: { type: 'string', enum: ['red', 'blue'] },
        size: { type: 'number', enum: [0, 1] },
        condition: { type: 'string', enum: ['new', 'used'] },
        tags: { type: 'array', items: { type: 'string' } },
        dimensions: { type: 'object', properties: { width: { type: 'number' }, height: { type: 'number' } }, required: ['width', 'height'] },
        boxes: { type: 'array', items: { type: 'object', properties: { width: { type: 'number' }, height: { type: 'number' } }, required: ['width', 'height'] } },
        since: { type: 'string', format: 'date-time' },
        blurb: { type: ['string', 'null'], description: 'Shown to buyers' },
        palette: { type: 'array', items: { type: 'string', enum: ['red', 'blue'] } },
      },
      required: ['name', 'stock', 'active', 'color', 'size', 'condition', 'tags', 'dimensions', 'boxes', 'since', 'palette'],
    });
  });

  it('registers a nested class found through design:type with class-transformer, so instances are built', () => {
    deriveSchema(Product);
    const product = plainToInstance(Product, { dimensions: { width: 1, height: 2 } });
    expect(product.dimensions).toBeInstanceOf(Dimensions);
  });

  it('references a class inside itself: # for the root, definitions for others', () => {
    class Chain {
      @IsString() value!: string;
      @IsOptional() @ValidateNested() @Type(() => Chain) next?: Chain;
    }
    class Holder {
      @ValidateNested() head!: Chain;
      @Field(() => [Holder]) @ValidateNested({ each: true }) siblings!: Holder[];
    }
    const chain = { type: 'object', properties: { value: { type: 'string' }, next: { $ref: '#/definitions/Chain' } }, required: ['value'] };
    const schema = deriveSchema(Holder);
    expect(schema).toEqual({
      type: 'object',
      properties: { head: { $ref: '#/definitions/Chain' }, siblings: { type: 'array', items: { $ref: '#' } } },
      required: ['head', 'siblings'],
      definitions: { Chain: chain },
    });
    expect(normalizeSchema(schema)).toEqual(schema);
  });

  it('keeps declaration order across inherited, validated and @Field-only properties', () => {
    class Base {
      @IsString() id!: string;
    }
    class Child extends Base {
      @IsString() first!: string;
      @Field(() => String) middle!: string;
      @IsString() last!: string;
    }
    expect(Object.keys(deriveSchema(Child).properties as object)).toEqual(['id', 'first', 'middle', 'last']);
  });

  it('reads the type from validators or @Field() when there is no design:type (tsx, esbuild, SWC)', () => {
    class Bare {
      name!: string;
      count!: number;
      labels!: string[];
      colors!: Color[];
      dimensions!: Dimensions;
    }
    IsString()(Bare.prototype, 'name');
    IsInt()(Bare.prototype, 'count');
    IsString({ each: true })(Bare.prototype, 'labels');
    IsEnum(Color, { each: true })(Bare.prototype, 'colors');
    ValidateNested()(Bare.prototype, 'dimensions');
    expect(() => deriveSchema(Bare)).toThrow(
      'Bare.dimensions: its type cannot be told: there is no design:type (compiled without emitDecoratorMetadata, e.g. by tsx, esbuild or SWC); add @Field(() => NestedClass) or @Type(() => NestedClass)',
    );
    Field(() => Dimensions)(Bare.prototype, 'dimensions');
    expect(deriveSchema(Bare).properties).toEqual({
      name: { type: 'string' },
      count: { type: 'integer' },
      labels: { type: 'array', items: { type: 'string' } },
      colors: { type: 'array', items: { type: 'string', enum: ['red', 'blue'] } },
      dimensions: { type: 'object', properties: { width: { type: 'number' }, height: { type: 'number' } }, required: ['width', 'height'] },
    });
  });

  it('raises NoExplicitTypeError saying what to add, never guessing', () => {
    class Union {
      @IsOptional() value?: string | number;
    }
    class Items {
      @ArrayMinSize(1) list!: string[];
    }
    class Mapped {
      @IsOptional() lookup?: Map<string, string>;
    }
    class Deep {
      @ValidateNested() @Type(() => Union) inner!: Union;
    }
    class Empty {}
    class HasEmpty {
      @ValidateNested() @Type(() => Empty) empty!: Empty;
    }
    const errorOf = (cls: new () => object): NoExplicitTypeError => {
      try {
        deriveSchema(cls);
      } catch (error) {
        return error as NoExplicitTypeError;
      }
      throw new Error('expected an error');
    };
    const union = errorOf(Union);
    expect(union).toBeInstanceOf(NoExplicitTypeError);
    expect(union).toMatchObject({ className: 'Union', propertyName: 'value' });
    expect(union.message).toBe(
      'Union.value: its type cannot be told: design:type is Object (a union, an interface, a type literal or any); add @Field(() => T) (String, Number, Boolean, Date, a class, an enum or [T]) or a type validator such as @IsString()',
    );
    expect(errorOf(Items).message).toContain('Items.list: the type of its array items cannot be told; add @Field(() => [ItemType])');
    expect(errorOf(Mapped).message).toBe('Mapped.lookup: its type Map has no JSON form; use a plain class, array or scalar instead');
    expect(errorOf(Deep).message).toMatch(/^Deep\.inner\.value: its type cannot be told/);
    expect(errorOf(HasEmpty).message).toContain('HasEmpty.empty: class Empty has no decorated properties');
  });

  it('refuses instance fields no decorator describes instead of dropping them', () => {
    class Partial {
      @IsString() city!: string;
      country!: string;
      zip = '';
    }
    class Outer {
      @ValidateNested() @Type(() => Partial) place!: Partial;
    }
    for (const [cls, path] of [[Partial, 'Partial'], [Outer, 'Outer.place']] as const) {
      let error: unknown;
      try {
        deriveSchema(cls);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NoExplicitTypeError);
      expect(error).toMatchObject({ className: 'Partial', propertyName: 'country' });
      expect((error as Error).message).toBe(
        `${path}: Partial.country, Partial.zip have no class-validator decorator or @Field(), so the run-time schema cannot see them; ` +
          'add one to each (e.g. @IsString(), @IsOptional(), @Field(() => Type)), or run `npx chat-ts schema` and import the generated chat-ts.metadata module',
      );
    }
  });

  it('honours length validators on strings', () => {
    class Named {
      @Length(2, 5) code!: string;
    }
    expect(deriveSchema(Named).properties).toEqual({ code: { type: 'string', minLength: 2, maxLength: 5 } });
  });
});
