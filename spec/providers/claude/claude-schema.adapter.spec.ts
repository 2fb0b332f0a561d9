import { supportsNativeStructuredOutput } from '../../../lib/providers/claude/claude-model.capabilities';
import { toClaudeInputSchema, toClaudeOutputSchema } from '../../../lib/providers/claude/claude-schema.adapter';

describe('Claude schema dialect', () => {
  it('closes every object, turns oneOf into anyOf and moves unenforced constraints into descriptions', () => {
    const schema = toClaudeOutputSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { Tag: { type: 'object', properties: { name: { type: 'string', maxLength: 10, format: 'email' } } } },
      properties: {
        tags: { type: 'array', items: { $ref: '#/definitions/Tag' }, minItems: 2 },
        kind: { oneOf: [{ type: 'string', pattern: '^[a-z]+$' }, { type: 'integer', multipleOf: 5 }], description: 'A kind.' },
        when: { type: 'string', format: 'date-time' },
        colour: { type: 'string', format: 'hex-colour' },
      },
    });
    expect(schema).toEqual({
      type: 'object',
      additionalProperties: false,
      definitions: { Tag: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', format: 'email', description: 'maxLength: 10' } } } },
      properties: {
        tags: { type: 'array', items: { $ref: '#/definitions/Tag' }, description: 'minItems: 2' },
        kind: { anyOf: [{ type: 'string', pattern: '^[a-z]+$' }, { type: 'integer', description: 'multipleOf: 5' }], description: 'A kind.' },
        when: { type: 'string', format: 'date-time' },
        colour: { type: 'string', description: 'format: hex-colour' },
      },
    });
  });

  it('keeps tool input schemas as they are, minus $schema, always with an object at the top', () => {
    expect(toClaudeInputSchema({ $schema: 'x', type: 'object', properties: { a: { type: 'number', minimum: 1 } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'number', minimum: 1 } },
    });
    expect(toClaudeInputSchema({})).toEqual({ type: 'object', properties: {} });
  });

  it.each([
    ['claude-sonnet-4-5', true],
    ['claude-sonnet-4-5-20250929', true],
    ['claude-haiku-4-5', true],
    ['claude-opus-4-1-20250805', true],
    ['claude-opus-4-6', true],
    ['claude-fable-5', true],
    ['claude-sonnet-4-20250514', false],
    ['claude-sonnet-4-0', false],
    ['claude-opus-4-0', false],
    ['claude-3-5-haiku-latest', false],
    ['claude-3-7-sonnet-20250219', false],
    ['my-proxy-model', true],
  ])('%s has native structured output: %s', (model, native) => {
    expect(supportsNativeStructuredOutput(model)).toBe(native);
  });
});
