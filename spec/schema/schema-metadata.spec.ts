import 'reflect-metadata';
import { IsString } from 'class-validator';
import { Schema, Tool } from '../../lib/decorators';
import { ConfigurationError, MissingSchemaMetadataError } from '../../lib/errors';
import {
  configureSchemas, hasSchemaMetadata, loadSchemaMetadata, outputSpecFor, resetSchemaMetadata, resetSchemaSettings, RUNTIME_SCHEMA_WARNING,
  schemaOfClass, STRICT_SCHEMAS_ENV, withSchemaSettings, type SchemaMetadata,
} from '../../lib/schema';
import { collectTools } from '../../lib/tools';

/** Warnings of the run-time fallback emitted while `fn` runs. */
function fallbackWarnings(fn: () => void): string[] {
  const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    fn();
    return emitted.mock.calls.filter(([, options]) => (options as { code?: string })?.code === RUNTIME_SCHEMA_WARNING).map(([message]) => String(message));
  } finally {
    emitted.mockRestore();
  }
}

describe('generated schema metadata at run time (bound by class reference)', () => {
  afterEach(() => {
    resetSchemaMetadata();
    resetSchemaSettings();
    delete process.env[STRICT_SCHEMAS_ENV];
  });

  it('binds a schema to the class itself: a same-named class elsewhere is not affected', () => {
    const make = () => {
      @Schema()
      class Answer {
        @IsString() text!: string;
      }
      return Answer;
    };
    const First = make();
    const Second = make();
    loadSchemaMetadata({ version: 1, classes: [{ name: 'Answer', type: () => First, description: 'First.', schema: { type: 'object', properties: { text: { type: 'string', description: 'Generated.' } }, required: ['text'] } }] });
    expect(hasSchemaMetadata()).toBe(true);
    expect(schemaOfClass(First)).toMatchObject({ source: 'generated', description: 'First.', schema: { properties: { text: { description: 'Generated.' } } } });
    configureSchemas({ runtimeSchemaWarnings: false });
    expect(schemaOfClass(Second)).toMatchObject({ source: 'run-time', schema: { properties: { text: { type: 'string' } } } });
    expect(outputSpecFor(First).description).toBe('First.');
  });

  it('is idempotent, hands out copies, and refuses another format version', () => {
    class Point {
      @IsString() x!: string;
    }
    const metadata: SchemaMetadata = { version: 1, classes: [{ name: 'Point', type: () => Point, schema: { type: 'object', properties: { x: { type: 'string' } } } }] };
    loadSchemaMetadata(metadata);
    loadSchemaMetadata(metadata);
    const first = schemaOfClass(Point).schema;
    first.mutated = true;
    expect(schemaOfClass(Point).schema.mutated).toBeUndefined();
    expect(() => loadSchemaMetadata({ version: 2, classes: [] } as unknown as SchemaMetadata)).toThrow(ConfigurationError);
    expect(() => loadSchemaMetadata({ version: 2, classes: [] } as unknown as SchemaMetadata)).toThrow('run `npx chat-ts schema` again');
  });

  it('resolves class thunks lazily: a class still in its temporal dead zone at load time is bound on first use', () => {
    let Late: (new () => object) | undefined;
    loadSchemaMetadata({
      version: 1,
      classes: [{ name: 'Late', type: () => { if (!Late) throw new ReferenceError('Cannot access before initialization'); return Late; }, schema: { type: 'object', properties: { y: { type: 'number' } } } }],
    });
    class LateClass {
      @IsString() y!: string;
    }
    configureSchemas({ runtimeSchemaWarnings: false });
    expect(schemaOfClass(LateClass).source).toBe('run-time');
    Late = LateClass;
    expect(schemaOfClass(LateClass).source).toBe('generated');
  });

  it('falls back to the run-time schema with ONE warning per class naming it, what is lost and the fix', () => {
    class Forgotten {
      @IsString() name!: string;
    }
    class AlsoForgotten {
      @IsString() name!: string;
    }
    const warnings = fallbackWarnings(() => {
      expect(schemaOfClass(Forgotten).source).toBe('run-time');
      schemaOfClass(Forgotten);
      schemaOfClass(AlsoForgotten);
    });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('chat-ts: no generated chat-ts metadata is loaded, so Forgotten has no build-time schema; using the run-time schema');
    expect(warnings[0]).toContain('loses JSDoc descriptions, unions, literal unions, optionality');
    // Under jest the fix names the test setup; every fix names the command and the import.
    expect(warnings[0]).toContain("Fix: generate it with `npx chat-ts schema` (add `\"prebuild\": \"chat-ts schema\"` to package.json");
    expect(warnings[0]).toContain(
      "add `import './chat-ts.metadata';` (`import './chat-ts.metadata.js';` in an ES module app: `\"type\": \"module\"` with module nodenext or node16) to the test (or a jest `setupFiles` entry",
    );
    expect(warnings[1]).toContain('AlsoForgotten');
  });

  it('says when metadata is loaded but the class is not in it', () => {
    class Listed {
      @IsString() a!: string;
    }
    class Unlisted {
      @IsString() a!: string;
    }
    loadSchemaMetadata({ version: 1, classes: [{ name: 'Listed', type: () => Listed, schema: { type: 'object', properties: { a: { type: 'string' } } } }] });
    const [warning] = fallbackWarnings(() => schemaOfClass(Unlisted));
    expect(warning).toContain('Unlisted is not in the loaded chat-ts metadata (new since `chat-ts schema` ran, not exported, or outside the build\'s tsconfig)');
  });

  it('strictSchemas (setting, scope or environment) makes a missing schema a MissingSchemaMetadataError', () => {
    class Strict {
      @IsString() a!: string;
    }
    configureSchemas({ strictSchemas: true });
    expect(() => schemaOfClass(Strict)).toThrow(MissingSchemaMetadataError);
    resetSchemaSettings();
    expect(() => withSchemaSettings({ strictSchemas: true }, () => schemaOfClass(Strict))).toThrow(/Strict has no build-time schema, and strictSchemas forbids the run-time schema/);
    process.env[STRICT_SCHEMAS_ENV] = '1';
    let error: unknown;
    try {
      schemaOfClass(Strict);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingSchemaMetadataError);
    expect(error).toMatchObject({ className: 'Strict' });
    expect(withSchemaSettings({ strictSchemas: false, runtimeSchemaWarnings: false }, () => schemaOfClass(Strict).source)).toBe('run-time');
  });

  it('gives tools their JSDoc description and, where no design:paramtypes exists (esbuild), their arguments class', () => {
    class LookupArgs {
      @IsString() id!: string;
    }
    class Lookups {
      @Tool()
      find(args: LookupArgs): string {
        return args.id;
      }
    }
    Reflect.deleteMetadata('design:paramtypes', Lookups.prototype, 'find');
    loadSchemaMetadata({
      version: 1,
      classes: [
        { name: 'LookupArgs', type: () => LookupArgs, schema: { type: 'object', properties: { id: { type: 'string', description: 'Record id.' } }, required: ['id'] } },
        { name: 'Lookups', type: () => Lookups, tools: { find: { description: 'Find a record.', args: () => LookupArgs } } },
      ],
    });
    const [tool] = collectTools(new Lookups()).tools;
    expect(tool.description).toBe('Find a record.');
    expect(tool.parameters).toEqual({ type: 'object', properties: { id: { type: 'string', description: 'Record id.' } }, required: ['id'] });
  });
});
