import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProviderEmulator } from '../../lib/testing';
import { createConsumerApp, type ConsumerApp } from '../support/packed-package';
import { askForecast, atTestedVersions, createNestApp, createSiblingApp, expectSuccess, NEST_RUNTIME_PACKAGES, runApp, SCHEMA_FIXTURES } from '../support/schema-apps';
import { AIRPORT_FORECAST, CITY_FORECAST, expectArgsSchemaOnWire, toolSchemaOnWire } from '../support/wire-schema.assertions';

/**
 * Issue 17, proven where the user meets it: apps built from the packed tarball with the user's own
 * build tools send the model the schema their source describes (JSDoc descriptions, an optional
 * property, a literal union, a `@Min()` constraint), read from the request the emulator received.
 * One install (the `nest new`-shaped app) serves every build; the ESM app and the monorepo link to
 * its node_modules. The tests of a describe run in order on the same app folder.
 */
const BUILD = 600_000;
const LYON = { city: 'Lyon', days: 2 };

describe('build-time schemas reach apps built from the packed tarball', () => {
  let emulator: ProviderEmulator;
  let nest: ConsumerApp;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    nest = createNestApp();
  }, BUILD);

  afterAll(async () => {
    await emulator?.close();
    nest?.remove();
  });

  describe('a `nest new` app (tsconfig.build.json, test/, default nest-cli.json)', () => {
    it('nest build (tsc): the prebuild writes src/chat-ts.metadata.ts and the wire carries the schema', async () => {
      nest.run('npm', ['run', 'build']);
      expect(existsSync(join(nest.dir, 'src/chat-ts.metadata.ts'))).toBe(true);
      expect(existsSync(join(nest.dir, 'dist/main.js'))).toBe(true); // rootDir src, as tsconfig.build.json has it
      const run = await askForecast(emulator, nest, 'dist/main.js', LYON);
      expectArgsSchemaOnWire(run.bodies[0], CITY_FORECAST);
      expect(run.output).not.toContain('ForecastArgs'); // no fallback warning
    }, BUILD);

    // the metadata module is up to date: the next builds run the Nest CLI alone
    it('nest build --webpack: one bundle, same schema on the wire', async () => {
      nest.run(nest.bin('nest'), ['build', '--webpack']);
      expect(readFileSync(join(nest.dir, 'dist/main.js'), 'utf8')).toContain('__webpack_require__');
      expect(existsSync(join(nest.dir, 'dist/weather'))).toBe(false);
      const run = await askForecast(emulator, nest, 'dist/main.js', LYON);
      expectArgsSchemaOnWire(run.bodies[0], CITY_FORECAST);
      expect(run.output).not.toContain('ForecastArgs');
    }, BUILD);

    it('nest build -b swc: same schema on the wire', async () => {
      nest.run(nest.bin('nest'), ['build', '-b', 'swc']);
      expect(readFileSync(join(nest.dir, 'dist/main.js'), 'utf8')).not.toContain('__webpack_require__');
      const run = await askForecast(emulator, nest, 'dist/main.js', LYON);
      expectArgsSchemaOnWire(run.bodies[0], CITY_FORECAST);
      expect(run.output).not.toContain('ForecastArgs');
    }, BUILD);

    it("ts-jest runs the app's own e2e test (test/app.e2e-spec.ts, test/jest-e2e.json) against its own emulator", async () => {
      const wire = join(nest.dir, 'e2e-wire.json');
      const result = await nest.runAsync('npm', ['run', 'test:e2e'], { env: { WIRE_OUT: wire } });
      expectSuccess(result, 'npm run test:e2e');
      expect(`${result.stdout}${result.stderr}`).toMatch(/Tests:\s+1 passed, 1 total/);
      expectArgsSchemaOnWire(JSON.parse(readFileSync(wire, 'utf8')), CITY_FORECAST);
    }, BUILD);
  });

  describe('a plain ESM app ("type": "module") bundled with esbuild', () => {
    let esm: ConsumerApp;
    afterAll(() => esm?.remove());

    it('chat-ts schema, tsc --noEmit, esbuild --format=esm: loadSchemaMetadata() puts the schema on the wire', async () => {
      esm = createSiblingApp('esm-app', nest, { type: 'module' });
      esm.run(esm.bin('chat-ts'), ['schema']);
      expect(existsSync(join(esm.dir, 'src/chat-ts.metadata.ts'))).toBe(true);
      esm.run(esm.bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
      esm.run(esm.bin('esbuild'), ['src/main.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', '--outfile=dist/main.js']);
      const run = await askForecast(emulator, esm, 'dist/main.js', LYON);
      expectArgsSchemaOnWire(run.bodies[0], CITY_FORECAST);
      expect(run.output).not.toContain('ForecastArgs');
    }, BUILD);
  });

  describe('a Nest monorepo whose two apps both define a ForecastArgs class, with other fields', () => {
    let mono: ConsumerApp;
    afterAll(() => mono?.remove());

    it('chat-ts schema writes one module per app (nest-cli.json projects); each app built with nest build <app> (webpack) sends its own schema', async () => {
      mono = createSiblingApp('monorepo', nest);
      const generated = mono.run(mono.bin('chat-ts'), ['schema']);
      for (const project of ['alpha', 'beta']) {
        expect(generated).toContain(`apps/${project}/src/chat-ts.metadata.ts`);
        mono.run(mono.bin('nest'), ['build', project]);
      }
      const alpha = await askForecast(emulator, mono, 'dist/apps/alpha/main.js', LYON);
      expectArgsSchemaOnWire(alpha.bodies[0], CITY_FORECAST);
      const beta = await askForecast(emulator, mono, 'dist/apps/beta/main.js', { airport: 'LFLL', hours: 12 });
      expectArgsSchemaOnWire(beta.bodies[0], AIRPORT_FORECAST);
      expect(toolSchemaOnWire(beta.bodies[0], 'forecast').properties).not.toHaveProperty('city');
    }, BUILD);
  });
  describe('staleness, fallback and production install (the nest app, after the builds above)', () => {
    const EDITED = 'The city to forecast, e.g. Lyon or Porto.';
    let prod: ConsumerApp;
    afterAll(() => prod?.remove());

    it('chat-ts schema --check passes, fails naming the class after an edit, passes after regeneration; the rebuilt app sends the edit', async () => {
      expectSuccess(await nest.runAsync(nest.bin('chat-ts'), ['schema', '--check']), 'chat-ts schema --check on a fresh metadata module');
      const args = 'src/weather/forecast.args.ts';
      const source = nest.read(args);
      expect(source).toContain(CITY_FORECAST.descriptions.city);
      nest.write(args, source.replace(CITY_FORECAST.descriptions.city, EDITED));

      const stale = await nest.runAsync(nest.bin('chat-ts'), ['schema', '--check']);
      expect(stale.code).not.toBe(0);
      expect(`${stale.stdout}${stale.stderr}`).toContain('ForecastArgs');

      nest.run(nest.bin('chat-ts'), ['schema']);
      expectSuccess(await nest.runAsync(nest.bin('chat-ts'), ['schema', '--check']), 'chat-ts schema --check after regeneration');
      nest.run(nest.bin('nest'), ['build']);
      const run = await askForecast(emulator, nest, 'dist/main.js', LYON);
      expectArgsSchemaOnWire(run.bodies[0], { ...CITY_FORECAST, descriptions: { ...CITY_FORECAST.descriptions, city: EDITED } });
    }, BUILD);

    it('a production install (npm install --omit=dev) holds neither typescript nor typescript-json-schema, and runs the built app with its schemas', async () => {
      prod = createConsumerApp({ name: 'schema-prod', dependencies: atTestedVersions(NEST_RUNTIME_PACKAGES), installFlags: ['--omit=dev'] });
      const found = prod.run('find', ['node_modules', '-type', 'd', '(', '-name', 'typescript', '-o', '-name', 'typescript-json-schema', ')']).trim();
      expect(found).toBe('');
      expect(existsSync(join(prod.dir, 'node_modules/chat-ts/package.json'))).toBe(true);
      cpSync(join(nest.dir, 'dist'), join(prod.dir, 'dist'), { recursive: true });
      const run = await askForecast(emulator, prod, 'dist/main.js', LYON);
      expectArgsSchemaOnWire(run.bodies[0], { ...CITY_FORECAST, descriptions: { ...CITY_FORECAST.descriptions, city: EDITED } });
    }, BUILD);

    it('a class the generator never saw: one warning naming it with the fix, run-time schema on the wire; strictSchemas fails the bootstrap', async () => {
      cpSync(join(SCHEMA_FIXTURES, 'extra', 'notes'), join(nest.dir, 'src', 'notes'), { recursive: true });
      const module = nest.read('src/app.module.ts');
      const wired = module
        .replace("import { WeatherTools } from './weather/weather.tools';", "import { WeatherTools } from './weather/weather.tools';\nimport { NoteTools } from './notes/notes.tools';")
        .replace('providers: [AppService, WeatherTools]', 'providers: [AppService, WeatherTools, NoteTools]');
      expect(wired).toContain('NoteTools]');
      nest.write('src/app.module.ts', wired);
      nest.run(nest.bin('nest'), ['build']); // no prebuild: the metadata module does not know NoteArgs

      const run = await runApp(emulator, nest, 'dist/main.js', ['Keep a note', 'And another'], [{ text: 'Noted.' }, { text: 'Noted again.' }]);
      expectSuccess(run.result, 'node dist/main.js');
      expect(run.answers.map((a) => a.text)).toEqual(['Noted.', 'Noted again.']);
      const warnings = run.output.split('\n').filter((line) => line.includes('NoteArgs'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('npx chat-ts schema'); // the fix
      expect(run.output).not.toContain('ForecastArgs');
      const note = toolSchemaOnWire(run.bodies[1], 'keepNote');
      expect(note.properties?.text).toMatchObject({ type: 'string' });
      expect(note.properties?.text.description).toBeUndefined(); // what the fallback loses
      expect(toolSchemaOnWire(run.bodies[1], 'forecast').properties?.city.description).toBe(EDITED);

      const strictEnvs: Array<Record<string, string>> = [{ STRICT_SCHEMAS: 'true' }, { CHAT_TS_STRICT_SCHEMAS: '1' }];
      for (const env of strictEnvs) {
        const strict = await runApp(emulator, nest, 'dist/main.js', ['Keep a note'], [{ text: 'Noted.' }], env);
        expect({ env, code: strict.result.code }).not.toEqual({ env, code: 0 });
        expect(strict.output).toContain('NoteArgs');
        expect(strict.bodies).toEqual([]); // failed at bootstrap, before any request
      }
    }, BUILD);
  });
});
