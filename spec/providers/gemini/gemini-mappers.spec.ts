import { PartialArgsAssembler, parseJsonPath } from '../../../lib/providers/gemini/gemini-partial-args.assembler';
import { adaptSchema, restoreValue, toGeminiJsonSchema } from '../../../lib/providers/gemini/gemini-schema.adapter';
import { mapGeminiFinishReason } from '../../../lib/providers/gemini/gemini-finish-reason.mapper';
import { mapGeminiUsage } from '../../../lib/providers/gemini/gemini-usage.mapper';
import { parseGoogleDuration } from '../../../lib/providers/gemini/gemini-error.reader';
import { byteToCharOffset } from '../../../lib/providers/gemini/gemini-grounding.mapper';
import { geminiGeneration } from '../../../lib/providers/gemini/gemini-model.family';
import { InvalidResponseError, UnsupportedFeatureError } from '../../../lib/errors';

describe('PartialArgsAssembler', () => {
  it('parses JSON paths with dots, indices and quoted keys', () => {
    expect(parseJsonPath('$.recipe.steps[1]')).toEqual(['recipe', 'steps', 1]);
    expect(parseJsonPath("$['a b'][0].c")).toEqual(['a b', 0, 'c']);
    expect(() => parseJsonPath('recipe')).toThrow(InvalidResponseError);
  });

  it('joins string pieces of one path while willContinue holds, and sets other values', () => {
    const a = new PartialArgsAssembler();
    a.add([{ jsonPath: '$.recipe.steps[0]', stringValue: 'Cook the ', willContinue: true }]);
    a.add([{ jsonPath: '$.recipe.steps[0]', stringValue: 'noodles', willContinue: true }]);
    a.add([{ jsonPath: '$.recipe.steps[0]', stringValue: '' }]);
    a.add([{ jsonPath: '$.recipe.servings', numberValue: 4 }, { jsonPath: '$.recipe.vegan', boolValue: false }, { jsonPath: '$.recipe.notes', nullValue: 'NULL_VALUE' }]);
    a.add([{ jsonPath: '$.recipe.steps[1]', stringValue: 'Bake' }]);
    a.add([{ jsonPath: '$.recipe.steps[1]', stringValue: 'Serve' }]);
    expect(a.value).toEqual({ recipe: { steps: ['Cook the noodles', 'Serve'], servings: 4, vegan: false, notes: null } });
  });

  it('merges whole args given beside pieces', () => {
    const a = new PartialArgsAssembler();
    a.merge({ unit: 'C' });
    a.add([{ jsonPath: '$.city', stringValue: 'Oslo' }]);
    expect(a.value).toEqual({ unit: 'C', city: 'Oslo' });
  });
});

describe('Gemini schema dialects', () => {
  const canonical = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      kind: { enum: ['a', 'b'] },
      level: { enum: [1, 2], type: 'integer', description: 'Level.' },
      fixed: { const: 'x' },
      owner: { $ref: '#/definitions/Person' },
      maybe: { anyOf: [{ type: 'number' }, { type: 'null' }] },
      either: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
      merged: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }], description: 'M' },
      tree: { $ref: '#/definitions/Node' },
    },
    required: ['kind'],
    additionalProperties: false,
    definitions: {
      Person: { type: 'object', properties: { name: { type: 'string', minLength: 1 } } },
      Node: { type: 'object', properties: { child: { $ref: '#/definitions/Node' } } },
    },
  };

  it('uses the schema pipeline\'s Gemini dialect for the OpenAPI subset, and restores what it changed', () => {
    const { tree: _tree, ...properties } = canonical.properties;
    const flat = { ...canonical, properties };
    const out = adaptSchema(flat, 'openapi');
    expect(out.type).toBe('OBJECT');
    expect(out.additionalProperties).toBeUndefined();
    expect(out.propertyOrdering).toEqual(['kind', 'level', 'fixed', 'owner', 'maybe', 'either', 'merged']);
    const p = out.properties as Record<string, Record<string, unknown>>;
    expect(p.level).toMatchObject({ type: 'STRING', enum: ['1', '2'] });
    expect(p.owner).toMatchObject({ type: 'OBJECT', properties: { name: { type: 'STRING' } } });
    expect(p.maybe).toMatchObject({ type: 'NUMBER', nullable: true });
    expect(restoreValue({ kind: 'a', level: '2' }, flat, 'openapi')).toEqual({ kind: 'a', level: 2 });
    expect(restoreValue({ level: '2' }, flat, 'json-schema')).toEqual({ level: '2' });
    expect(() => adaptSchema(canonical, 'openapi')).toThrow(UnsupportedFeatureError);
  });

  it('keeps JSON Schema for responseJsonSchema, with definitions as $defs', () => {
    const out = toGeminiJsonSchema(canonical);
    expect(out.$schema).toBeUndefined();
    expect(out.definitions).toBeUndefined();
    expect(Object.keys(out.$defs as object)).toEqual(['Person', 'Node']);
    expect((out.properties as Record<string, unknown>).owner).toEqual({ $ref: '#/$defs/Person' });
    expect(out.additionalProperties).toBe(false);
  });
});

describe('Gemini small mappers', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool-calls'],
    ['MAX_TOKENS', false, 'length'],
    ['SAFETY', false, 'content-filter'],
    ['RECITATION', false, 'content-filter'],
    ['PROHIBITED_CONTENT', false, 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'error'],
    ['LANGUAGE', false, 'other'],
    ['OTHER', false, 'other'],
  ] as const)('finish reason %s (calls: %s) → %s', (raw, calls, unified) => {
    expect(mapGeminiFinishReason(raw, calls)).toEqual({ unified, raw });
  });

  it('maps usage with thoughts in output and cached input', () => {
    expect(mapGeminiUsage({ promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 20, thoughtsTokenCount: 30, totalTokenCount: 150 })).toEqual({
      inputTokens: 100,
      outputTokens: 50,
      reasoningTokens: 30,
      cachedInputTokens: 60,
      totalTokens: 150,
    });
    expect(mapGeminiUsage(undefined)).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  });

  it('reads Google durations, byte offsets and model generations', () => {
    expect(parseGoogleDuration('34.4s')).toBe(34.4);
    expect(parseGoogleDuration('48s')).toBe(48);
    expect(parseGoogleDuration('soon')).toBeUndefined();
    expect(byteToCharOffset('héllo wörld', 7)).toBe(6);
    expect(geminiGeneration('gemini-2.5-flash')).toBe(2.5);
    expect(geminiGeneration('models/gemini-3-pro-preview')).toBe(3);
    expect(geminiGeneration('gemini-flash-latest')).toBeUndefined();
  });
});
