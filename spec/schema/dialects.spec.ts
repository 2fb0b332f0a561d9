import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsDate, IsEmail, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Max, Min, ValidateNested,
} from 'class-validator';
import type { JsonSchema, JsonValue } from '../../lib/core/json.types';
import { Field, Schema } from '../../lib/decorators';
import { UnsupportedFeatureError } from '../../lib/errors';
import { claudeDialect, geminiDialect, openAiStrictDialect, outputSpecFor, resetSchemaSettings, SCHEMA_DIALECTS, configureSchemas } from '../../lib/schema';

enum Priority {
  Low = 1,
  High = 2,
}

class Address {
  @Length(1, 80) street!: string;
  @IsOptional() @IsString() zip?: string;
}

@Schema({ description: 'A support ticket' })
class Ticket {
  @Field({ description: 'Short title' }) @Length(3, 60) title!: string;
  @IsEnum(Priority) priority!: Priority;
  @IsIn(['open', 'closed']) status!: 'open' | 'closed';
  @IsOptional() @IsEmail() reporter?: string;
  @IsOptional() @IsUrl() link?: string;
  @IsInt() @Min(0) @Max(100) progress!: number;
  @IsOptional() @ValidateNested() @Type(() => Address) address?: Address;
  @IsString({ each: true }) @ArrayMaxSize(5) labels!: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() assignee!: string | null;
  @Type(() => Date) @IsDate() due!: Date;
}

@Schema()
class Category {
  @IsString() name!: string;
  @Field(() => [Category]) @ValidateNested({ each: true }) children!: Category[];
}

const GOLDEN = join(__dirname, '__golden__');

/** Compares with `__golden__/<name>.json`; `UPDATE_GOLDEN=1` rewrites the file (then review the diff). */
function expectGolden(name: string, actual: JsonSchema): void {
  const path = join(GOLDEN, `${name}.json`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
  expect(existsSync(path)).toBe(true);
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

/** Every subschema of a schema, with its path. */
function nodes(schema: JsonValue | JsonSchema | undefined, path = '#'): [string, { [key: string]: JsonValue }][] {
  if (schema === null || schema === undefined || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const out: [string, { [key: string]: JsonValue }][] = [[path, schema as { [key: string]: JsonValue }]];
  for (const [key, value] of Object.entries(schema)) {
    if (['properties', '$defs', 'definitions'].includes(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, sub] of Object.entries(value)) out.push(...nodes(sub, `${path}/${key}/${name}`));
    } else if (key === 'items' || key === 'anyOf') {
      for (const [i, sub] of (Array.isArray(value) ? value : [value]).entries()) out.push(...nodes(sub, `${path}/${key}/${i}`));
    }
  }
  return out;
}

describe('provider schema dialects', () => {
  let ticket: JsonSchema;
  let category: JsonSchema;

  beforeAll(() => {
    configureSchemas({ runtimeSchemaWarnings: false });
    ticket = outputSpecFor(Ticket).schema;
    category = outputSpecFor(Category).schema;
  });
  afterAll(() => resetSchemaSettings());

  it('starts from the canonical schemas (golden)', () => {
    expectGolden('ticket.canonical', ticket);
    expectGolden('category.canonical', category);
  });

  describe('openai-strict', () => {
    it('makes every property required, optional ones nullable, objects closed (golden)', () => {
      const adapted = openAiStrictDialect.adapt(ticket);
      expectGolden('ticket.openai-strict', adapted);
      expectGolden('category.openai-strict', openAiStrictDialect.adapt(category));
      for (const [path, node] of nodes(adapted)) {
        if (node.properties) {
          expect([path, node.additionalProperties]).toEqual([path, false]);
          expect([path, node.required]).toEqual([path, Object.keys(node.properties)]);
        }
        for (const key of ['minLength', 'maxLength', 'title', 'definitions']) expect([path, key, node[key]]).toEqual([path, key, undefined]);
        if (node.format !== undefined) expect(['date-time', 'email', 'uuid']).toContain(node.format);
      }
    });

    it('turns strict mode nulls of optional fields back into absent fields, keeping real nulls', async () => {
      const reply: JsonValue = {
        title: 'Printer jam', priority: 2, status: 'open', reporter: null, link: null, progress: 10,
        address: { street: 'Main St 1', zip: null }, labels: ['hardware'], assignee: null, due: '2025-01-01T09:00:00Z',
      };
      const restored = openAiStrictDialect.restore(reply, ticket);
      expect(restored).toEqual({
        title: 'Printer jam', priority: 2, status: 'open', progress: 10, address: { street: 'Main St 1' }, labels: ['hardware'],
        assignee: null, due: '2025-01-01T09:00:00Z',
      });
      const parsed = await outputSpecFor(Ticket).parse(restored);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(parsed.value).toBeInstanceOf(Ticket);
      expect(parsed.value.address).toBeInstanceOf(Address);
      expect(parsed.value.due).toEqual(new Date('2025-01-01T09:00:00Z'));
      expect(openAiStrictDialect.restore({ name: 'root', children: [{ name: 'leaf', children: [] }] }, category)).toEqual({
        name: 'root', children: [{ name: 'leaf', children: [] }],
      });
    });
  });

  describe('gemini', () => {
    it('speaks the OpenAPI subset: upper-case types, nullable, string enums, property ordering (golden)', () => {
      const adapted = geminiDialect.adapt(ticket);
      expectGolden('ticket.gemini', adapted);
      const allowed = new Set(['type', 'format', 'title', 'description', 'nullable', 'enum', 'items', 'minItems', 'maxItems', 'properties', 'required', 'propertyOrdering', 'anyOf', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern']);
      for (const [path, node] of nodes(adapted)) {
        for (const key of Object.keys(node)) expect([path, key, allowed.has(key)]).toEqual([path, key, true]);
        if (node.type !== undefined) expect(['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT']).toContain(node.type);
        if (node.enum !== undefined) expect((node.enum as JsonValue[]).every((v) => typeof v === 'string')).toBe(true);
      }
    });

    it('restores number enums sent as strings, and drops nulls of optional fields', async () => {
      const reply: JsonValue = {
        title: 'Printer jam', priority: '2', status: 'closed', progress: 100, labels: [], reporter: null, due: '2025-01-01T09:00:00Z',
      };
      const restored = geminiDialect.restore(reply, ticket);
      expect(restored).toEqual({ title: 'Printer jam', priority: 2, status: 'closed', progress: 100, labels: [], due: '2025-01-01T09:00:00Z' });
      const parsed = await outputSpecFor(Ticket).parse(restored);
      expect(parsed.ok).toBe(true);
      const unrestored = await outputSpecFor(Ticket).parse(reply);
      expect(unrestored.ok).toBe(false);
    });

    it('refuses recursive schemas with a typed error', () => {
      expect(() => geminiDialect.adapt(category)).toThrow(UnsupportedFeatureError);
      expect(() => geminiDialect.adapt(category)).toThrow('Gemini schemas cannot be recursive');
    });
  });

  describe('claude', () => {
    it('passes the canonical schema through as input_schema (golden)', () => {
      expectGolden('ticket.claude', claudeDialect.adapt(ticket));
      expectGolden('category.claude', claudeDialect.adapt(category));
      expect(claudeDialect.adapt({ type: 'object' })).toEqual({ type: 'object', properties: {} });
    });

    it('restores values unchanged but for impossible nulls', () => {
      const value: JsonValue = { title: 'T', priority: 1, status: 'open', progress: 0, labels: ['a'], assignee: null, reporter: null, due: 'x' };
      expect(claudeDialect.restore(value, ticket)).toEqual({ title: 'T', priority: 1, status: 'open', progress: 0, labels: ['a'], assignee: null, due: 'x' });
    });
  });

  it('lists every dialect by name and never mutates the canonical schema', () => {
    const before = structuredClone(ticket);
    for (const dialect of Object.values(SCHEMA_DIALECTS)) dialect.adapt(ticket);
    expect(ticket).toEqual(before);
    expect(Object.keys(SCHEMA_DIALECTS)).toEqual(['openai-strict', 'gemini', 'claude']);
  });
});
