import { toGrammarSchema } from '../../../lib/providers/llama-cpp/llama-cpp-schema.adapter';

const ANY = {
  oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'object', additionalProperties: true }, { type: 'array' }],
};

describe('toGrammarSchema (canonical JSON Schema → node-llama-cpp grammar schema)', () => {
  it('moves draft-07 definitions to $defs and rewrites refs', () => {
    expect(
      toGrammarSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        $ref: '#/definitions/Order',
        definitions: {
          Order: { type: 'object', title: 'Order', properties: { item: { $ref: '#/definitions/Item' } }, required: ['item'] },
          Item: { type: 'object', properties: { sku: { type: 'string', pattern: '^[A-Z]+$', minLength: 2 } } },
        },
      }),
    ).toEqual({
      $ref: '#/$defs/Order',
      $defs: {
        Order: { type: 'object', properties: { item: { $ref: '#/$defs/Item' } }, required: ['item'] },
        Item: { type: 'object', properties: { sku: { type: 'string', minLength: 2 } } },
      },
    });
  });

  it('maps anyOf to oneOf, merges allOf, splits nullable type lists, keeps descriptions', () => {
    expect(
      toGrammarSchema({
        type: 'object',
        description: 'root',
        properties: {
          a: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
          b: { allOf: [{ type: 'object', properties: { x: { type: 'boolean' } } }, { properties: { y: { const: 3 } } }] },
          c: { type: ['string', 'null'], description: 'maybe' },
          d: { type: ['object', 'null'], properties: { z: { enum: ['p', 'q'] } } },
        },
        additionalProperties: false,
      }),
    ).toEqual({
      type: 'object',
      description: 'root',
      properties: {
        a: { oneOf: [{ type: 'integer' }, { type: 'null' }] },
        b: { type: 'object', properties: { x: { type: 'boolean' }, y: { const: 3 } } },
        c: { type: ['string', 'null'], description: 'maybe' },
        d: { oneOf: [{ type: 'object', properties: { z: { enum: ['p', 'q'] } } }, { type: 'null' }] },
      },
    });
  });

  it('handles arrays, tuples, formats and untyped values', () => {
    expect(toGrammarSchema({ type: 'array', items: { type: 'number' }, minItems: 1, maxItems: 3 })).toEqual({
      type: 'array',
      items: { type: 'number' },
      minItems: 1,
      maxItems: 3,
    });
    expect(toGrammarSchema({ type: 'array', items: [{ type: 'string' }, { type: 'boolean' }] })).toEqual({
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'boolean' }],
    });
    expect(toGrammarSchema({ type: 'string', format: 'date-time' })).toEqual({ type: 'string', format: 'date-time' });
    expect(toGrammarSchema({ type: 'string', format: 'email', maxLength: 40 })).toEqual({ type: 'string', maxLength: 40 });
    expect(toGrammarSchema({})).toEqual(ANY);
    expect(toGrammarSchema({ type: 'object' })).toEqual({ type: 'object', additionalProperties: true });
    expect(toGrammarSchema({ type: 'object', properties: { meta: {} } })).toEqual({ type: 'object', properties: { meta: ANY } });
  });
});
