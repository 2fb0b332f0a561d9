import { normalizeSchema } from '../../lib/schema';

describe('normalizeSchema', () => {
  const generated = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $ref: '#/definitions/Tree.1a2b3c4d',
    definitions: {
      'Tree.1a2b3c4d': {
        description: 'A tree',
        type: 'object',
        properties: {
          kids: { type: 'array', items: { $ref: '#/definitions/Tree.1a2b3c4d' } },
          leaf: { $ref: '#/definitions/Leaf.9f8e7d6c', description: 'The leaf' },
          link: { $ref: '#/definitions/Link.00aa11bb' },
          tag: { type: ['null', 'string'] },
        },
        required: ['tag', 'leaf', 'kids', 'link'],
      },
      'Leaf.9f8e7d6c': { description: 'A leaf', type: 'object', properties: { size: { type: 'number' } }, required: ['size'] },
      'Link.00aa11bb': { type: 'object', properties: { next: { $ref: '#/definitions/Link.00aa11bb' } } },
    },
  };

  it('inlines definitions, keeps recursion as references with plain names, orders required and types', () => {
    expect(normalizeSchema(generated)).toEqual({
      description: 'A tree',
      type: 'object',
      properties: {
        kids: { type: 'array', items: { $ref: '#' } },
        leaf: { description: 'The leaf', type: 'object', properties: { size: { type: 'number' } }, required: ['size'] },
        link: { $ref: '#/definitions/Link' },
        tag: { type: ['string', 'null'] },
      },
      required: ['kids', 'leaf', 'link', 'tag'],
      definitions: { Link: { type: 'object', properties: { next: { $ref: '#/definitions/Link' } } } },
    });
  });

  it('is idempotent', () => {
    const once = normalizeSchema(generated);
    expect(normalizeSchema(once)).toEqual(once);
  });

  it('inlines a definition used twice, each copy on its own', () => {
    const schema = normalizeSchema({
      type: 'object',
      properties: { a: { $ref: '#/definitions/P' }, b: { $ref: '#/definitions/P' } },
      definitions: { P: { type: 'string', enum: ['x'] } },
    });
    expect(schema).toEqual({ type: 'object', properties: { a: { type: 'string', enum: ['x'] }, b: { type: 'string', enum: ['x'] } } });
  });
});
