import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaCommand } from '../../lib/cli/schema.command';
import type { JsonSchema } from '../../lib/core/json.types';
import { normalizeSchema, outputSpecFor, SchemaRegistry, schemaOfClass, useSchemaRegistry, resetSchemaRegistry } from '../../lib/schema';
import { deriveSchema } from '../../lib/schema/runtime/runtime-schema.builder';
import type { SchemaRegistryFile } from '../../lib/schema/registry/schema-registry.types';
import { collectTools } from '../../lib/tools';
import { NoExplicitTypeError } from '../../lib/errors';
import { withoutDescriptions } from '../support/schema-helpers';
import { Options as BillingOptions } from './fixtures/project/src/billing/options';
import { Options as ShippingOptions } from './fixtures/project/src/shipping/options';
import { Category } from './fixtures/project/src/tree.schema';
import { WeatherArgs } from './fixtures/project/src/weather.args';
import { WeatherTools } from './fixtures/project/src/weather.tools';

const PROJECT = join(__dirname, 'fixtures', 'project', 'tsconfig.json');

describe('chat-ts schema (CLI on a fixture project)', () => {
  let dir: string;
  let out: string;
  let file: SchemaRegistryFile;
  const warnings: string[] = [];
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chat-ts-schema-'));
    out = join(dir, 'chat-ts.schemas.json');
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((output += chunk), true)) as typeof process.stdout.write;
    try {
      expect(await schemaCommand.run(['-p', PROJECT, '-o', out])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    file = JSON.parse(readFileSync(out, 'utf8')) as SchemaRegistryFile;
  }, 60_000);

  beforeEach(() => useSchemaRegistry(SchemaRegistry.fromFile(out, { onWarning: (m) => warnings.push(m) })));
  afterEach(() => {
    resetSchemaRegistry();
    warnings.length = 0;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const runtime = (cls: new () => object): JsonSchema => normalizeSchema(deriveSchema(cls));
  const errorOf = (fn: () => unknown): Error => {
    try {
      fn();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected an error');
  };

  it('finds every @Schema() class and @Tool() method, keyed by module path plus export name', () => {
    expect(output).toMatch(/wrote .* \(4 schemas, 3 tools\)/);
    expect(Object.keys(file.schemas)).toEqual([
      'src/billing/options#Options',
      'src/shipping/options#Options',
      'src/tree.schema#Category',
      'src/weather.args#WeatherArgs',
    ]);
    expect(Object.keys(file.tools)).toEqual([
      'src/weather.tools#WeatherTools.forecast',
      'src/weather.tools#WeatherTools.now',
      'src/weather.tools#WeatherTools.whoAmI',
    ]);
    expect(file.tools['src/weather.tools#WeatherTools.forecast']).toMatchObject({
      description: 'Get the weather forecast for a place.',
      arguments: 'src/weather.args#WeatherArgs',
    });
    expect(file.tools['src/weather.tools#WeatherTools.whoAmI'].arguments).toBeUndefined();
    expect(file.rootDir).toBe('src');
    expect(file.outDir).toBe('dist');
  });

  it('records the hash of every source file a schema depends on', () => {
    expect(file.schemas['src/weather.args#WeatherArgs'].sources).toEqual(['src/shared/location.ts', 'src/shared/units.ts', 'src/weather.args.ts']);
    for (const source of Object.keys(file.files)) expect(file.files[source]).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads JSDoc descriptions, enums, literal unions, optionals, arrays, nested and recursive classes', () => {
    const schema = file.schemas['src/weather.args#WeatherArgs'].schema as { properties: Record<string, JsonSchema>; required: string[] };
    expect(schema.properties.location).toMatchObject({ description: 'Where to look.', type: 'object', required: ['city'] });
    expect(schema.properties.unit).toEqual({ description: 'Unit of the temperatures.', type: 'string', enum: ['celsius', 'fahrenheit'] });
    expect(schema.properties.detail).toMatchObject({ type: 'number', enum: [0, 1] });
    expect(schema.properties.mode).toMatchObject({ type: 'string', enum: ['fast', 'slow'] });
    expect(schema.properties.compare).toMatchObject({ type: 'array', items: { type: 'object', description: 'A place on Earth.' } });
    expect(schema.properties.note).toMatchObject({ type: ['string', 'null'] });
    expect(schema.required).not.toContain('unit');
    expect(file.schemas['src/tree.schema#Category'].schema).toMatchObject({ properties: { children: { type: 'array', items: { $ref: '#' } } } });
  });

  it('gives the same schemas at build time (registry + validators) and at run time', () => {
    const [forecast] = collectTools(new WeatherTools()).tools;
    expect(withoutDescriptions(forecast.parameters)).toEqual(withoutDescriptions(runtime(WeatherArgs)));
    expect(schemaOfClass(Category).source).toBe('registry');
    expect(withoutDescriptions(schemaOfClass(Category).schema)).toEqual(withoutDescriptions(runtime(Category)));
    const registryShipping = schemaOfClass(ShippingOptions).schema as { properties: Record<string, JsonSchema> };
    const runtimeShipping = runtime(ShippingOptions) as { properties: Record<string, JsonSchema> };
    expect(registryShipping.properties.label.type).toEqual(['string', 'number']);
    expect(runtimeShipping.properties.label.type).toBe('string');
    delete registryShipping.properties.label;
    delete runtimeShipping.properties.label;
    expect(withoutDescriptions(registryShipping)).toEqual(withoutDescriptions(runtimeShipping));
  });

  it('merges validator constraints into the registry schema, never over what the source says', () => {
    const [forecast] = collectTools(new WeatherTools()).tools;
    const props = (forecast.parameters as { properties: Record<string, JsonSchema> }).properties;
    expect(props.days).toEqual({ description: 'Days ahead.', type: 'integer', minimum: 1, maximum: 10 });
    expect(props.tags).toMatchObject({ minItems: 1, maxItems: 5 });
    expect(props.contact.format).toBe('email');
    expect(props.callback.format).toBe('uri');
    expect(props.requestId.format).toBe('uuid');
    expect(props.station.pattern).toBe('^[A-Z]{4}$');
    expect(props.location).toMatchObject({ properties: { city: { minLength: 1, maxLength: 80 } } });
    expect((forecast.parameters as { required: string[] }).required).not.toContain('note');
    const billing = schemaOfClass(BillingOptions).schema as { properties: Record<string, JsonSchema> };
    expect(billing.properties.dueDays).toMatchObject({ type: 'integer', maximum: 30 });
    expect((runtime(BillingOptions) as { properties: Record<string, JsonSchema> }).properties.dueDays.maximum).toBe(90);
  });

  it('tells classes with the same name apart by module', () => {
    const billing = outputSpecFor(BillingOptions);
    const shipping = outputSpecFor(ShippingOptions);
    expect(billing.name).toBe('billing_options');
    expect(billing.description).toBe('Billing options.');
    expect(Object.keys((billing.schema as { properties: object }).properties)).toEqual(['currency', 'dueDays']);
    expect(Object.keys((shipping.schema as { properties: object }).properties)).toEqual(['express', 'weight', 'label']);
    expect(shipping.description).toBe('Shipping options.');
  });

  it('takes tool descriptions from JSDoc through the registry', () => {
    const tools = collectTools(new WeatherTools()).tools;
    expect(tools.map((t) => [t.name, t.description])).toEqual([
      ['forecast', 'Get the weather forecast for a place.'],
      ['whoAmI', 'Who is asking.'],
      ['server_time', 'Current server time.'],
    ]);
  });

  it('detects a stale entry: a warning, then the run-time schema', () => {
    const stale = { ...file, files: { ...file.files, 'src/shared/units.ts': '0000000000000000' } };
    const stalePath = join(dir, 'stale.json');
    writeFileSync(stalePath, JSON.stringify(stale));
    useSchemaRegistry(SchemaRegistry.fromFile(stalePath, { onWarning: (m) => warnings.push(m) }));
    const [forecast] = collectTools(new WeatherTools()).tools;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('src/weather.args#WeatherArgs is stale (src/shared/units.ts changed');
    expect(forecast.parameters).toEqual(runtime(WeatherArgs));
    expect(forecast.description).toBe('Get the weather forecast for a place.');
    collectTools(new WeatherTools());
    expect(warnings).toHaveLength(1);
  });

  it('refuses a stale fallback whose run-time schema cannot see properties the registry lists (no silent loss)', () => {
    const args = file.schemas['src/weather.args#WeatherArgs'];
    const billing = file.schemas['src/billing/options#Options'];
    const withExtra = (entry: typeof args, ...names: string[]) => ({
      ...entry,
      schema: { ...entry.schema, properties: { ...(entry.schema.properties as object), ...Object.fromEntries(names.map((n) => [n, { type: 'string' }])) } },
    });
    const stale: SchemaRegistryFile = {
      ...file,
      files: { ...file.files, 'src/shared/units.ts': '0000000000000000', 'src/billing/options.ts': '0000000000000000' },
      schemas: {
        ...file.schemas,
        'src/weather.args#WeatherArgs': withExtra(args, 'region', 'altitude'),
        'src/billing/options#Options': withExtra(billing, 'vatId'),
      },
    };
    const stalePath = join(dir, 'stale-lossy.json');
    writeFileSync(stalePath, JSON.stringify(stale));
    useSchemaRegistry(SchemaRegistry.fromFile(stalePath, { onWarning: (m) => warnings.push(m) }));
    const toolError = errorOf(() => collectTools(new WeatherTools()));
    expect(toolError).toBeInstanceOf(NoExplicitTypeError);
    expect(toolError.message).toContain('src/weather.args#WeatherArgs is stale and the run-time schema cannot see WeatherArgs.region, WeatherArgs.altitude');
    expect(toolError.message).toContain('(2 of the 15 properties it lists');
    expect(toolError.message).toMatch(/add one to each \(e\.g\. @IsString\(\), @IsOptional\(\), @Field\(\(\) => Type\)\).*run `npx chat-ts schema` again/);
    const outputError = errorOf(() => schemaOfClass(BillingOptions));
    expect(outputError).toBeInstanceOf(NoExplicitTypeError);
    expect((outputError as NoExplicitTypeError).propertyName).toBe('vatId');
    expect(warnings).toEqual([expect.stringContaining('WeatherArgs is stale'), expect.stringContaining('src/billing/options#Options is stale')]);
  });

  it('--check passes on a fresh registry and fails on a changed one', async () => {
    const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const quietErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await schemaCommand.run(['-p', PROJECT, '-o', out, '--check'])).toBe(0);
      const changedPath = join(dir, 'changed.json');
      writeFileSync(changedPath, readFileSync(out, 'utf8').replace('"Days ahead."', '"Days."'));
      expect(await schemaCommand.run(['-p', PROJECT, '-o', changedPath, '--check'])).toBe(1);
      expect(quietErr.mock.calls.join('')).toContain('is out of date');
    } finally {
      quiet.mockRestore();
      quietErr.mockRestore();
    }
  }, 60_000);
});
