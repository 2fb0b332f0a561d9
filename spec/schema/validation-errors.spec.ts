import { Type } from 'class-transformer';
import { IsString, Length, ValidateNested, validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { formatValidationErrors, validationErrorsToJson } from '../../lib/schema';

class Line {
  @Length(1, 3) sku!: string;
}
class Order {
  @IsString() id!: string;
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
  @IsString({ each: true }) tags!: string[];
}

describe('validation errors', () => {
  it('formats paths through nested objects and arrays', async () => {
    const errors = await validate(plainToInstance(Order, { id: 1, lines: [{ sku: 'ok' }, { sku: 'toolong' }], tags: ['a', 2] }));
    expect(formatValidationErrors(errors)).toBe(
      'id must be a string; lines[1].sku must be shorter than or equal to 3 characters; tags: each value in tags must be a string',
    );
    expect(validationErrorsToJson(errors)).toEqual([
      { property: 'id', value: 1, constraints: { isString: 'id must be a string' } },
      {
        property: 'lines',
        value: [{ sku: 'ok' }, { sku: 'toolong' }],
        children: [{ property: '1', value: { sku: 'toolong' }, children: [{ property: 'sku', value: 'toolong', constraints: { isLength: 'sku must be shorter than or equal to 3 characters' } }] }],
      },
      { property: 'tags', value: ['a', 2], constraints: { isString: 'each value in tags must be a string' } },
    ]);
  });
});
