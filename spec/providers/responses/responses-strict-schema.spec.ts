import { restoreFromStrict, toStrictSchema } from '../../../lib/providers/responses/responses-strict-schema';

describe('strict JSON schema adapter', () => {
  it('makes every property required, optional ones nullable, and closes objects at every depth', () => {
    const result = toStrictSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        id: { type: 'integer', default: 1 },
        kind: { type: 'string', enum: ['a', 'b'] },
        address: { type: 'object', properties: { city: { type: 'string' }, zip: { $ref: '#/definitions/Zip' } }, required: ['city'] },
        tags: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
      },
      required: ['id'],
      definitions: { Zip: { type: 'string' } },
    });
    expect(result.strict).toBe(true);
    expect(result.schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'integer' },
        kind: { type: ['string', 'null'], enum: ['a', 'b', null] },
        address: {
          type: ['object', 'null'],
          properties: { city: { type: 'string' }, zip: { anyOf: [{ $ref: '#/definitions/Zip' }, { type: 'null' }] } },
          required: ['city', 'zip'],
          additionalProperties: false,
        },
        tags: { type: ['array', 'null'], items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
      },
      required: ['id', 'kind', 'address', 'tags'],
      additionalProperties: false,
      definitions: { Zip: { type: 'string' } },
    });
  });

  it.each([
    ['a free-form object', { type: 'object', properties: { meta: { type: 'object' } } }],
    ['additionalProperties schemas', { type: 'object', properties: {}, additionalProperties: { type: 'string' } }],
    ['allOf', { type: 'object', properties: { a: { allOf: [{ type: 'string' }] } } }],
    ['a non-object root', { type: 'array', items: { type: 'string' } }],
  ])('leaves %s non-strict and unchanged', (_label, schema) => {
    const result = toStrictSchema(schema);
    expect(result.strict).toBe(false);
    expect(result.schema).toEqual(schema);
  });

  it('restores values: nulls of optional, non-nullable properties are removed at any depth', () => {
    const canonical = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        nick: { type: 'string' },
        note: { type: ['string', 'null'] },
        items: { type: 'array', items: { $ref: '#/definitions/Item' } },
      },
      required: ['name'],
      definitions: { Item: { type: 'object', properties: { label: { type: 'string' }, qty: { type: 'integer' } }, required: ['label'] } },
    };
    expect(restoreFromStrict({ name: 'x', nick: null, note: null, items: [{ label: 'a', qty: null }, { label: 'b', qty: 2 }] }, canonical)).toEqual({
      name: 'x',
      note: null,
      items: [{ label: 'a' }, { label: 'b', qty: 2 }],
    });
    expect(restoreFromStrict({ name: null }, canonical)).toEqual({ name: null });
  });
});
