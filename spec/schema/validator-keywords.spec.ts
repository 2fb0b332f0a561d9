import type { JsonSchema } from '../../lib/core/json.types';
import { keywordsOf, mergeKeywords } from '../../lib/schema/runtime/validator-keywords';

describe('validator keywords', () => {
  const merged = (schema: JsonSchema, name: string, constraints: unknown[] = []): JsonSchema => {
    const copy = structuredClone(schema);
    mergeKeywords(copy, keywordsOf(name, constraints));
    return copy;
  };

  it('maps class-validator rules to JSON Schema keywords', () => {
    expect(keywordsOf('isInt', [])).toEqual({ type: 'integer' });
    expect(keywordsOf('min', [3])).toEqual({ minimum: 3 });
    expect(keywordsOf('matches', [/^a+$/i, undefined])).toEqual({ type: 'string', pattern: '^a+$' });
    expect(keywordsOf('isEnum', [{ A: 'a' }, ['a']])).toEqual({ type: 'string', enum: ['a'] });
    expect(keywordsOf('isIn', [[1, 'x']])).toEqual({ type: undefined, enum: [1, 'x'] });
    expect(keywordsOf('arrayMaxSize', [4])).toEqual({ type: 'array', maxItems: 4 });
    expect(keywordsOf('isDateString', [])).toEqual({ type: 'string', format: 'date-time' });
    expect(keywordsOf('myCustomRule', [1])).toEqual({});
  });

  it('never overrides what the schema already says, except number → integer', () => {
    expect(merged({ type: 'number', maximum: 30 }, 'max', [90])).toEqual({ type: 'number', maximum: 30 });
    expect(merged({ type: 'number' }, 'isInt')).toEqual({ type: 'integer' });
    expect(merged({ type: ['number', 'null'] }, 'isInt')).toEqual({ type: ['integer', 'null'] });
    expect(merged({ type: 'string' }, 'isInt')).toEqual({ type: 'string' });
    expect(merged({ type: 'string', enum: ['a'] }, 'isIn', [['a', 'b']])).toEqual({ type: 'string', enum: ['a'] });
    expect(merged({ type: 'string', format: 'uuid' }, 'isEmail')).toEqual({ type: 'string', format: 'uuid' });
  });

  it('skips keywords of another JSON type', () => {
    expect(merged({ type: 'number' }, 'maxLength', [5])).toEqual({ type: 'number' });
    expect(merged({ type: 'integer' }, 'min', [1])).toEqual({ type: 'integer', minimum: 1 });
    expect(merged({ type: ['string', 'number'] }, 'minLength', [1])).toEqual({ type: ['string', 'number'], minLength: 1 });
    expect(merged({ type: 'array', items: { type: 'string' } }, 'isNotEmpty')).toEqual({ type: 'array', items: { type: 'string' } });
    expect(merged({ type: 'string' }, 'isNotEmpty')).toEqual({ type: 'string', minLength: 1 });
  });

  it('adds a type only where the schema has none', () => {
    expect(merged({}, 'isString')).toEqual({ type: 'string' });
    expect(merged({ $ref: '#' }, 'isString')).toEqual({ $ref: '#' });
  });
});
