import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from '../../lib/core/json.types';
import { NoExplicitTypeError } from '../../lib/errors';
import { configureSchemas, normalizeSchema, outputSpecFor, resetSchemaMetadata, resetSchemaSettings, schemaOfClass } from '../../lib/schema';
import { deriveSchema } from '../../lib/schema/runtime/runtime-schema.builder';
import { collectTools } from '../../lib/tools';
import { withoutDescriptions } from '../support/schema-helpers';
import { copyFixtureProject, runSchemaCli } from './fixtures/fixture-project';

type Props = { properties: Record<string, JsonSchema>; required?: string[] };
type Ctor = new () => object;

describe('chat-ts schema: the generated metadata module of a fixture project', () => {
  const project = copyFixtureProject();
  const tsconfig = join(project.dir, 'tsconfig.json');
  const out = join(project.dir, 'src', 'chat-ts.metadata.ts');
  let output = '';
  let text = '';
  /** The fixture's classes, loaded from the copy the generated module imports (same references). */
  const load = <T>(file: string, name: string): T => (require(join(project.dir, 'src', file)) as Record<string, T>)[name];

  beforeAll(async () => {
    const result = await runSchemaCli(['-p', tsconfig]);
    expect(result).toMatchObject({ code: 0, err: '' });
    output = result.out;
    text = readFileSync(out, 'utf8');
    resetSchemaMetadata();
    require(out); // `import './chat-ts.metadata'`: registers as a side effect
  }, 180_000);
  afterAll(() => {
    project.dispose();
    resetSchemaMetadata();
    resetSchemaSettings();
  });

  const runtime = (cls: Ctor): JsonSchema => normalizeSchema(deriveSchema(cls));

  it('writes src/chat-ts.metadata.ts (the build root) importing each class where it is defined', () => {
    expect(output).toMatch(/wrote .*chat-ts\.metadata\.ts \(4 schemas, 3 tools; from .*tsconfig\.json\)/);
    expect(text).toContain("import { loadSchemaMetadata, type SchemaMetadata } from '../../../../../lib';");
    expect(text).toContain("import { Options } from './billing/options';");
    expect(text).toContain("import { Options as Options_2 } from './shipping/options';");
    expect(text).toContain("import { WeatherArgs } from './weather.args';");
    expect(text).toContain('export const chatTsMetadata: SchemaMetadata = {');
    expect(text).toContain('loadSchemaMetadata(chatTsMetadata);');
    const exported = (require(out) as { chatTsMetadata: { classes: Array<{ name: string }> } }).chatTsMetadata;
    expect(exported.classes.map((c) => c.name)).toEqual(['Options', 'Options', 'Category', 'WeatherArgs', 'WeatherTools']);
  });

  it('does not scan what the build does not compile: spec files it excludes, folders outside include', () => {
    expect(text).not.toContain('SpecOnly');
    expect(text).not.toContain('OutsideInclude');
    expect(text).not.toContain('e2e-spec');
  });

  it('carries JSDoc descriptions, enums, literal unions, optionals, arrays, nested and recursive classes', () => {
    const schema = schemaOfClass(load<Ctor>('weather.args', 'WeatherArgs'));
    expect(schema.source).toBe('generated');
    expect(schema.description).toBe('Arguments of the weather lookup.');
    const { properties, required } = schema.schema as Props;
    expect(properties.location).toMatchObject({ description: 'Where to look.', type: 'object', required: ['city'] });
    expect(properties.unit).toEqual({ description: 'Unit of the temperatures.', type: 'string', enum: ['celsius', 'fahrenheit'] });
    expect(properties.detail).toMatchObject({ type: 'number', enum: [0, 1] });
    expect(properties.mode).toEqual({ description: 'Lookup speed.', type: 'string', enum: ['fast', 'slow'] });
    expect(properties.compare).toMatchObject({ type: 'array', items: { type: 'object', description: 'A place on Earth.' } });
    expect(properties.note).toMatchObject({ type: ['string', 'null'] });
    expect(required).not.toContain('unit');
    expect(required).not.toContain('note');
    expect(schemaOfClass(load<Ctor>('tree.schema', 'Category')).schema).toMatchObject({ properties: { children: { type: 'array', items: { $ref: '#' } } } });
  });

  it('merges the class-validator constraints at generation time, never over what the source says', () => {
    const props = (JSON.parse(JSON.stringify(schemaOfClass(load<Ctor>('weather.args', 'WeatherArgs')).schema)) as Props).properties;
    expect(props.days).toEqual({ description: 'Days ahead.', type: 'integer', minimum: 1, maximum: 10 });
    expect(props.tags).toMatchObject({ minItems: 1, maxItems: 5 });
    expect(props.contact.format).toBe('email');
    expect(props.callback.format).toBe('uri');
    expect(props.requestId.format).toBe('uuid');
    expect(props.from).toMatchObject({ type: 'string', format: 'date-time' });
    expect(props.station.pattern).toBe('^[A-Z]{4}$');
    expect(props.location).toMatchObject({ properties: { city: { minLength: 1, maxLength: 80 } } });
    expect(text).toContain('"minimum": 1'); // in the artifact itself, not merged at run time
    const billing = schemaOfClass(load<Ctor>('billing/options', 'Options')).schema as Props;
    expect(billing.properties.dueDays).toMatchObject({ type: 'integer', maximum: 30 }); // JSDoc @maximum 30 wins over @Max(90)
    expect((runtime(load<Ctor>('billing/options', 'Options')) as Props).properties.dueDays.maximum).toBe(90);
  });

  it('gives the same schemas as the run-time path where that path can see them', () => {
    const [forecast] = collectTools(new (load<Ctor>('weather.tools', 'WeatherTools'))()).tools;
    expect(withoutDescriptions(forecast.parameters)).toEqual(withoutDescriptions(runtime(load<Ctor>('weather.args', 'WeatherArgs'))));
    const Shipping = load<Ctor>('shipping/options', 'Options');
    const generated = schemaOfClass(Shipping).schema as Props;
    const fromRuntime = runtime(Shipping) as Props;
    expect(generated.properties.label.type).toEqual(['string', 'number']);
    expect(fromRuntime.properties.label.type).toBe('string');
  });

  it('binds same-named classes by reference, never by name', () => {
    const billing = outputSpecFor(load<Ctor>('billing/options', 'Options'));
    const shipping = outputSpecFor(load<Ctor>('shipping/options', 'Options'));
    expect(billing.name).toBe('billing_options');
    expect(billing.description).toBe('Billing options.');
    expect(Object.keys((billing.schema as Props).properties)).toEqual(['currency', 'dueDays']);
    expect(Object.keys((shipping.schema as Props).properties)).toEqual(['express', 'weight', 'label']);
    expect(shipping.description).toBe('Shipping options.');
  });

  it('takes tool descriptions from JSDoc, and warns about no generated class', () => {
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const tools = collectTools(new (load<Ctor>('weather.tools', 'WeatherTools'))()).tools;
      expect(tools.map((t) => [t.name, t.description])).toEqual([
        ['forecast', 'Get the weather forecast for a place.'],
        ['whoAmI', 'Who is asking.'],
        ['server_time', 'Current server time.'],
      ]);
      expect(emitted).not.toHaveBeenCalled();
    } finally {
      emitted.mockRestore();
    }
  });

  it('strictSchemas accepts generated classes', () => {
    configureSchemas({ strictSchemas: true });
    try {
      expect(() => collectTools(new (load<Ctor>('weather.tools', 'WeatherTools'))())).not.toThrow();
    } finally {
      resetSchemaSettings();
    }
  });

  it('--check passes when up to date, fails after an edit naming the class, passes after regeneration', async () => {
    await expect(runSchemaCli(['-p', tsconfig, '--check'])).resolves.toMatchObject({ code: 0, out: expect.stringContaining('is up to date') });
    const source = join(project.dir, 'src', 'shared', 'location.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace('/** City name. */', '/** Name of the city. */'));
    const failed = await runSchemaCli(['-p', tsconfig, '--check']);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('chat-ts.metadata.ts is out of date');
    expect(failed.err).toContain('would change: WeatherArgs (./weather.args#WeatherArgs)');
    expect(failed.err).not.toContain('Options');
    expect(readFileSync(out, 'utf8')).toBe(text); // --check writes nothing
    expect((await runSchemaCli(['-p', tsconfig])).code).toBe(0);
    await expect(runSchemaCli(['-p', tsconfig, '--check'])).resolves.toMatchObject({ code: 0 });
    expect(readFileSync(out, 'utf8')).toContain('Name of the city.');
  }, 240_000);

  it('--check names a missing module', async () => {
    const result = await runSchemaCli(['-p', tsconfig, '-o', join(project.dir, 'src', 'nowhere.metadata.ts'), '--check']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('nowhere.metadata.ts is missing');
    expect(result.err).toContain('missing: WeatherArgs (./weather.args#WeatherArgs)');
  }, 120_000);

  it('writes .js extensions for Node ESM (module nodenext, an .mts module), none for CommonJS under nodenext', async () => {
    const esmOut = join(project.dir, 'src', 'esm.metadata.mts');
    expect((await runSchemaCli(['-p', join(project.dir, 'tsconfig.esm.json'), '-o', esmOut])).code).toBe(0);
    const esm = readFileSync(esmOut, 'utf8');
    expect(esm).toContain("import { WeatherArgs } from './weather.args.js';");
    expect(esm).toContain("import { Options as Options_2 } from './shipping/options.js';");
    expect(esm).toContain("// Import it once where the app starts: `import './esm.metadata.mjs';`");
    // a package without "type": "module" (nest new: module nodenext) is CommonJS: webpack and jest need `./x`
    const cjsOut = join(project.dir, 'src', 'cjs.metadata.ts');
    expect((await runSchemaCli(['-p', join(project.dir, 'tsconfig.esm.json'), '-o', cjsOut])).code).toBe(0);
    const cjs = readFileSync(cjsOut, 'utf8');
    expect(cjs).toContain("import { WeatherArgs } from './weather.args';");
    expect(cjs).toContain("// Import it once where the app starts: `import './cjs.metadata';`");
  }, 120_000);

  it('names the import an ES module app needs (`.js`) in the header when package.json says "type": "module" (Nest 12 nest new)', async () => {
    const esmDir = join(project.dir, 'src', 'esm-app');
    mkdirSync(esmDir);
    writeFileSync(join(esmDir, 'package.json'), JSON.stringify({ type: 'module' }));
    const esmOut = join(esmDir, 'chat-ts.metadata.ts');
    let esm: string;
    try {
      expect((await runSchemaCli(['-p', join(project.dir, 'tsconfig.esm.json'), '-o', esmOut])).code).toBe(0);
      esm = readFileSync(esmOut, 'utf8');
    } finally {
      rmSync(esmDir, { recursive: true, force: true }); // the other tests compile src/ as CommonJS
    }
    expect(esm).toContain("// Import it once where the app starts: `import './chat-ts.metadata.js';`");
    expect(esm).toContain("import { WeatherArgs } from '../weather.args.js';");
    // the same project under module commonjs: no extension
    expect(text).toContain("// Import it once where the app starts: `import './chat-ts.metadata';`");
  }, 120_000);

  it('run-time derivation still refuses what it cannot see (for classes the generator never saw)', () => {
    class Unseen {
      name!: string;
    }
    configureSchemas({ runtimeSchemaWarnings: false });
    try {
      expect(() => schemaOfClass(Unseen)).toThrow(NoExplicitTypeError);
    } finally {
      resetSchemaSettings();
    }
  });
});
