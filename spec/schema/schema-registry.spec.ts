import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistryError } from '../../lib/errors';
import {
  currentSchemaRegistry, discoverRegistryFile, loadSchemaRegistry, resetSchemaRegistry, SCHEMA_REGISTRY_ENV, SchemaRegistry,
  type SchemaRegistryFile,
} from '../../lib/schema';
import { hashSource } from '../../lib/schema/registry/source-hash';

const SOURCE = 'export class Weather {}\n';

function registryFile(overrides: Partial<SchemaRegistryFile> = {}): SchemaRegistryFile {
  return {
    version: 1,
    projectDir: 'app',
    rootDir: 'src',
    outDir: 'dist',
    files: { 'src/weather.ts': hashSource(SOURCE) },
    schemas: {
      'src/weather#Weather': {
        module: 'src/weather', export: 'Weather', className: 'Weather', description: 'Weather', sources: ['src/weather.ts'],
        schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
    tools: {
      'src/weather#Tools.lookup': { module: 'src/weather', export: 'Tools', className: 'Tools', method: 'lookup', description: 'Look up', sources: ['src/weather.ts'] },
    },
    ...overrides,
  };
}

describe('schema registry at run time', () => {
  let dir: string;
  const write = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-ts-registry-'));
    mkdirSync(join(dir, 'app', 'src'), { recursive: true });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[SCHEMA_REGISTRY_ENV];
    resetSchemaRegistry();
  });

  it('refuses missing, malformed and foreign files with SchemaRegistryError', () => {
    expect(() => SchemaRegistry.fromFile(join(dir, 'none.json'))).toThrow(SchemaRegistryError);
    expect(() => SchemaRegistry.fromFile(join(dir, 'none.json'))).toThrow(/none\.json: cannot be read \(ENOENT\)/);
    expect(() => SchemaRegistry.fromFile(write('bad.json', '{ nope'))).toThrow('is not valid JSON; run `npx chat-ts schema` again');
    expect(() => SchemaRegistry.fromFile(write('v2.json', { ...registryFile(), version: 2 }))).toThrow('has format version 2, expected 1');
    expect(() => SchemaRegistry.fromFile(write('partial.json', { version: 1 }))).toThrow('is missing projectDir, rootDir, files, schemas or tools');
  });

  it('maps source and compiled files to module paths of the project', () => {
    const registry = SchemaRegistry.fromFile(write('reg.json', registryFile()));
    expect(registry.projectDir).toBe(join(dir, 'app'));
    expect(registry.moduleOf(join(dir, 'app', 'src', 'weather.ts'))).toBe('src/weather');
    expect(registry.moduleOf(join(dir, 'app', 'dist', 'weather.js'))).toBe('src/weather');
    expect(registry.moduleOf(join(dir, 'app', 'dist', 'nested', 'deep.tools.js'))).toBe('src/nested/deep.tools');
    expect(registry.moduleOf(join(dir, 'elsewhere', 'weather.ts'))).toBeUndefined();
  });

  it('finds entries by defining file and class name, trusting sources that are not on disk', () => {
    const registry = SchemaRegistry.fromFile(write('reg.json', registryFile()));
    const compiled = join(dir, 'app', 'dist', 'weather.js');
    expect(registry.schemaFor(compiled, 'Weather')?.export).toBe('Weather');
    expect(registry.schemaFor(compiled, 'Other')).toBeUndefined();
    expect(registry.schemaFor(undefined, 'Weather')).toBeUndefined();
    expect(registry.toolFor(compiled, 'Tools', 'lookup')?.description).toBe('Look up');
  });

  it('checks source hashes: unchanged is fresh, changed is stale with one warning', () => {
    const warnings: string[] = [];
    writeFileSync(join(dir, 'app', 'src', 'weather.ts'), SOURCE.replace(/\n/g, '\r\n'));
    const fresh = SchemaRegistry.fromFile(write('reg.json', registryFile()), { onWarning: (m) => warnings.push(m) });
    expect(fresh.schemaFor(join(dir, 'app', 'src', 'weather.ts'), 'Weather')).toBeDefined();
    writeFileSync(join(dir, 'app', 'src', 'weather.ts'), 'export class Weather { changed = 1 }\n');
    const stale = SchemaRegistry.fromFile(join(dir, 'reg.json'), { onWarning: (m) => warnings.push(m) });
    expect(stale.schemaFor(join(dir, 'app', 'src', 'weather.ts'), 'Weather')).toBeUndefined();
    expect(stale.schemaFor(join(dir, 'app', 'src', 'weather.ts'), 'Weather')).toBeUndefined();
    expect(stale.toolFor(join(dir, 'app', 'src', 'weather.ts'), 'Tools', 'lookup')).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringContaining('src/weather#Weather is stale (src/weather.ts changed since `chat-ts schema` ran); using the run-time schema'),
      expect.stringContaining('src/weather#Tools.lookup is stale'),
    ]);
  });

  it('loadSchemaRegistry makes a registry the process-wide one', () => {
    const registry = loadSchemaRegistry(write('reg.json', registryFile()));
    expect(currentSchemaRegistry()).toBe(registry);
  });

  it(`reads ${SCHEMA_REGISTRY_ENV}: a path, or off`, () => {
    const path = write('reg.json', registryFile());
    process.env[SCHEMA_REGISTRY_ENV] = path;
    expect(currentSchemaRegistry()?.path).toBe(path);
    resetSchemaRegistry();
    process.env[SCHEMA_REGISTRY_ENV] = 'off';
    expect(currentSchemaRegistry()).toBeUndefined();
    resetSchemaRegistry();
    process.env[SCHEMA_REGISTRY_ENV] = join(dir, 'missing.json');
    expect(() => currentSchemaRegistry()).toThrow(SchemaRegistryError);
    expect(() => currentSchemaRegistry()).toThrow(SchemaRegistryError);
  });

  it('discovers the registry next to the entry script, up to its package root, then in the working directory', () => {
    const pkg = join(dir, 'app');
    writeFileSync(join(pkg, 'package.json'), '{}');
    mkdirSync(join(pkg, 'dist'));
    const entry = join(pkg, 'dist', 'main.js');
    const cwd = join(dir, 'cwd');
    mkdirSync(cwd);
    write('chat-ts.schemas.json', registryFile());
    expect(discoverRegistryFile(entry, cwd)).toBeUndefined();
    writeFileSync(join(cwd, 'chat-ts.schemas.json'), '{}');
    expect(discoverRegistryFile(entry, cwd)).toBe(join(cwd, 'chat-ts.schemas.json'));
    writeFileSync(join(pkg, 'chat-ts.schemas.json'), '{}');
    expect(discoverRegistryFile(entry, cwd)).toBe(join(pkg, 'chat-ts.schemas.json'));
    writeFileSync(join(pkg, 'dist', 'chat-ts.schemas.json'), '{}');
    expect(discoverRegistryFile(entry, cwd)).toBe(join(pkg, 'dist', 'chat-ts.schemas.json'));
  });
});
