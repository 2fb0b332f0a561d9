import { validateJsonSchema } from '../../lib/python/json-schema.validator';

describe('validateJsonSchema', () => {
  const point = {
    type: 'object',
    properties: { x: { type: 'number' }, y: { type: 'number' }, label: { type: ['string', 'null'] } },
    required: ['x', 'y'],
    additionalProperties: false,
  };
  const schema = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      days: { type: 'integer' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      route: { type: 'object', properties: { stops: { type: 'array', items: point } }, required: ['stops'], additionalProperties: false },
      scores: { type: 'object', additionalProperties: { type: 'number' } },
      either: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      mode: { const: 'fast' },
    },
    required: ['city'],
    additionalProperties: false,
  };

  it('accepts a value matching every keyword', () => {
    const value = {
      city: 'Paris',
      days: 3,
      unit: 'celsius',
      route: { stops: [{ x: 1, y: 2.5, label: null }, { x: 0, y: 0, label: 'b' }] },
      scores: { a: 1.5 },
      either: 'two',
      tags: ['a', 'b'],
      mode: 'fast',
    };
    expect(validateJsonSchema(schema, value)).toEqual([]);
  });

  it('reports each violation with its path', () => {
    const value = {
      days: 2.5,
      unit: 'kelvin',
      route: { stops: [{ x: 1 }, { x: 'a', y: 2, extra: true }] },
      scores: { a: 'high' },
      either: true,
      tags: ['a', 'a'],
      mode: 'slow',
      unknown: 1,
    };
    expect(validateJsonSchema(schema, value)).toEqual([
      { path: 'city', message: 'is required' },
      { path: 'days', message: 'must be integer, got number' },
      { path: 'unit', message: 'must be one of "celsius", "fahrenheit"' },
      { path: 'route.stops[0].y', message: 'is required' },
      { path: 'route.stops[1].x', message: 'must be number, got string' },
      { path: 'route.stops[1].extra', message: 'is not an allowed property' },
      { path: 'scores.a', message: 'must be number, got string' },
      { path: 'either', message: 'does not match any of the allowed shapes' },
      { path: 'tags', message: 'must not contain duplicate items' },
      { path: 'mode', message: 'must be "fast"' },
      { path: 'unknown', message: 'is not an allowed property' },
    ]);
  });

  it('rejects a non-object at the root and tells null, array and object apart', () => {
    expect(validateJsonSchema(schema, null)).toEqual([{ path: '', message: 'must be object, got null' }]);
    expect(validateJsonSchema(schema, [])).toEqual([{ path: '', message: 'must be object, got array' }]);
    expect(validateJsonSchema({ type: 'array' }, {})).toEqual([{ path: '', message: 'must be array, got object' }]);
    expect(validateJsonSchema({ type: 'boolean' }, 1)).toEqual([{ path: '', message: 'must be boolean, got number' }]);
    expect(validateJsonSchema({ type: 'integer' }, true)).toEqual([{ path: '', message: 'must be integer, got boolean' }]);
  });

  it('accepts anything for an empty schema', () => {
    expect(validateJsonSchema({}, { any: ['thing'] })).toEqual([]);
  });
});
