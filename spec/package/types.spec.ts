import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsumerApp, inPool, packedTarball, REPO_ROOT, repoPackage, runAsync, testedVersion, type ConsumerApp, type RunResult } from '../support/packed-package';

/**
 * The types as users' compilers see them: the type tests of spec/types (type-state of every builder,
 * `@ts-expect-error` for each rule, plus positive cases) and an import of every subpath, compiled in
 * one consumer app against the packed tarball's `.d.ts`, under each `moduleResolution` users have
 * (node10 with `module: commonjs`, node16, nodenext as an ES module, bundler), on the lowest
 * TypeScript the README supports, the latest 5.x and TypeScript 7's native compiler. `skipLibCheck`
 * is off, so a broken `.d.ts` fails too. Then `@arethetypeswrong/cli` checks the tarball.
 */

/**
 * The compilers, by folder under the app's node_modules. Installed into the consumer app only: as
 * npm aliases in this repo's devDependencies they would take over `node_modules/.bin/tsc`.
 */
const COMPILERS = {
  'lowest (5.0)': { folder: 'typescript-5.0', version: 'npm:typescript@5.0.4' },
  'latest 5.x': { folder: 'typescript', version: testedVersion('typescript') },
  'native (7)': { folder: 'typescript-7', version: 'npm:typescript@7.0.2' },
} as const;
type Compiler = keyof typeof COMPILERS;

/** moduleResolution → the module setting that goes with it, and the folder of the sources it compiles. */
const RESOLUTIONS = {
  node10: { module: 'commonjs', dir: 'cjs' },
  node16: { module: 'node16', dir: 'cjs' },
  nodenext: { module: 'nodenext', dir: 'esm' },
  bundler: { module: 'esnext', dir: 'cjs' },
} as const;
type Resolution = keyof typeof RESOLUTIONS;

/** TypeScript 7 removed `moduleResolution: node10` (TS5108); every other pair must compile. */
const CHECKS: readonly (readonly [Compiler, Resolution])[] = (Object.keys(COMPILERS) as Compiler[]).flatMap((compiler) =>
  (Object.keys(RESOLUTIONS) as Resolution[]).filter((r) => !(compiler === 'native (7)' && r === 'node10')).map((r) => [compiler, r] as const),
);

const pkg = repoPackage();
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));

const TYPE_TESTS_DIR = join(REPO_ROOT, 'spec', 'types');
const typeTests = readdirSync(TYPE_TESTS_DIR).filter((f) => f.endsWith('.type-test.ts'));

function tsconfig(resolution: Resolution): string {
  const { module, dir } = RESOLUTIONS[resolution];
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    lib: ['ES2022'],
    module,
    moduleResolution: resolution,
    types: ['node'],
    skipLibCheck: false,
    esModuleInterop: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    noUnusedLocals: false,
  };
  return JSON.stringify({ compilerOptions, include: [`${dir}/**/*.ts`] }, null, 2);
}

function sources(): Record<string, string> {
  const files: Record<string, string> = {
    'esm/package.json': JSON.stringify({ type: 'module' }),
  };
  const subpathImports =
    subpaths.map((s, i) => `import * as entry${i} from ${JSON.stringify(s)};`).join('\n') + `\nexport const entries = [${subpaths.map((_, i) => `entry${i}`).join(', ')}];\n`;
  for (const dir of ['cjs', 'esm']) {
    files[`${dir}/subpaths.ts`] = subpathImports;
    for (const file of typeTests) files[`${dir}/${file}`] = readFileSync(join(TYPE_TESTS_DIR, file), 'utf8') + '\nexport {};\n';
  }
  for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) files[`tsconfig.${resolution}.json`] = tsconfig(resolution);
  return files;
}

describe('the published types, as consumers compile them', () => {
  let app: ConsumerApp;
  const results = new Map<string, RunResult>();
  let attw: RunResult;
  const key = (compiler: Compiler, resolution: Resolution) => `${compiler} ${resolution}`;
  const tsc = (compiler: Compiler, resolution: Resolution) =>
    runAsync('node', [join('node_modules', COMPILERS[compiler].folder, 'bin', 'tsc'), '-p', `tsconfig.${resolution}.json`], app.dir);
  const output = (r: RunResult) => `${r.stdout}${r.stderr}`.trim();

  beforeAll(async () => {
    const peers = ['@nestjs/common', '@nestjs/core', '@nestjs/terminus', 'ws', '@opentelemetry/api', '@modelcontextprotocol/sdk', 'ioredis', 'bullmq', '@nestjs/bullmq'].filter((p) => pkg.peerDependencies?.[p]);
    app = createConsumerApp({
      name: 'types',
      dependencies: Object.fromEntries([...peers, 'rxjs', '@types/node', '@types/ws'].map((p) => [p, testedVersion(p)])),
      devDependencies: Object.fromEntries(Object.values(COMPILERS).map((c) => [c.folder, c.version])),
      files: sources(),
      installFlags: ['--ignore-scripts'],
    });
    const attwBin = join(REPO_ROOT, 'node_modules', '.bin', 'attw');
    const tasks: (() => Promise<unknown>)[] = [
      ...[...CHECKS, ['native (7)', 'node10'] as const].map(([compiler, resolution]) => async () => results.set(key(compiler, resolution), await tsc(compiler, resolution))),
      async () => (attw = await runAsync(attwBin, [packedTarball(), '--no-definitely-typed', '--no-emoji', '--no-color'], app.dir)),
    ];
    await inPool(tasks, 2);
  }, 900_000);

  afterAll(() => app?.remove());

  it('installs the compilers it names', () => {
    expect(app.run('node', [join('node_modules', 'typescript-5.0', 'bin', 'tsc'), '--version'])).toContain('Version 5.0.');
    expect(app.run('node', [join('node_modules', 'typescript', 'bin', 'tsc'), '--version'])).toContain(`Version ${testedVersion('typescript').replace(/^[\^~]/, '')}`);
    expect(app.run('node', [join('node_modules', 'typescript-7', 'bin', 'tsc'), '--version'])).toContain('Version 7.');
  });

  it('copies every type test and every subpath into the app', () => {
    expect(typeTests.length).toBeGreaterThanOrEqual(5);
    expect(app.read('esm/subpaths.ts')).toContain(`'chat-ts/nest/health'`.replace(/'/g, '"'));
  });

  it.each(CHECKS.map(([compiler, resolution]) => [compiler, resolution]))('compiles with TypeScript %s, moduleResolution %s', (compiler, resolution) => {
    const result = results.get(key(compiler as Compiler, resolution as Resolution));
    expect(output(result!)).toBe('');
    expect(result!.code).toBe(0);
  });

  it('fails, not passes, when a type-state rule is broken (the check can fail)', async () => {
    app.write('cjs/broken.ts', "import { ClaudeBuilder } from 'chat-ts/claude';\n// @ts-expect-error\nnew ClaudeBuilder().withModel('m').build();\n");
    try {
      const result = await tsc('native (7)', 'node16'); // the fastest compiler: this only proves the check can fail
      expect(result.code).not.toBe(0);
      expect(output(result)).toMatch(/broken\.ts.*TS2578: Unused '@ts-expect-error' directive/);
    } finally {
      app.run('rm', ['cjs/broken.ts']);
    }
  }, 120_000);

  it('TypeScript 7 no longer has moduleResolution node10 (README says so)', () => {
    const result = results.get(key('native (7)', 'node10'))!;
    expect(output(result)).toContain('TS5108');
  });

  it('passes @arethetypeswrong/cli for every entry point and resolution, offline', () => {
    expect(attw.code).toBe(0);
    expect(output(attw)).toContain('No problems found');
    for (const subpath of subpaths) expect(output(attw)).toContain(`"${subpath}"`);
  });
});
