import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildConfigError, resolveBuildTargets } from '../../lib/schema/build/build-config.resolver';
import { loadSchemaToolchain } from '../../lib/schema/build/typescript.loader';

describe('chat-ts schema reads the config the build uses', () => {
  let dir: string;
  const write = (path: string, content: unknown = {}): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
  };
  const tsconfigs = (explicit?: string, only?: string): string[] => resolveBuildTargets(dir, explicit, only).map((t) => t.tsconfig.slice(dir.length + 1));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-ts-build-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tsconfig.json alone', () => {
    write('tsconfig.json');
    expect(tsconfigs()).toEqual(['tsconfig.json']);
  });

  it('tsconfig.build.json when present (what nest build and most build scripts compile with)', () => {
    write('tsconfig.json');
    write('tsconfig.build.json');
    expect(tsconfigs()).toEqual(['tsconfig.build.json']);
    expect(resolveBuildTargets(dir)[0].reason).toBe('tsconfig.build.json');
  });

  it("nest-cli.json's compilerOptions.tsConfigPath", () => {
    write('tsconfig.json');
    write('tsconfig.build.json');
    write('tsconfig.app.json');
    write('nest-cli.json', { collection: '@nestjs/schematics', sourceRoot: 'src', compilerOptions: { tsConfigPath: 'tsconfig.app.json', builder: 'swc' } });
    expect(tsconfigs()).toEqual(['tsconfig.app.json']);
  });

  it('a default nest-cli.json (no tsConfigPath) means tsconfig.build.json', () => {
    write('tsconfig.json');
    write('tsconfig.build.json');
    write('nest-cli.json', { collection: '@nestjs/schematics', sourceRoot: 'src', compilerOptions: { deleteOutDir: true } });
    expect(tsconfigs()).toEqual(['tsconfig.build.json']);
  });

  it('a monorepo: every application of projects.* (libraries skipped), or the one named', () => {
    write('tsconfig.json');
    write('apps/api/tsconfig.app.json');
    write('apps/worker/tsconfig.app.json');
    write('libs/shared/tsconfig.lib.json');
    write('nest-cli.json', {
      monorepo: true,
      root: 'apps/api',
      compilerOptions: { webpack: true, tsConfigPath: 'apps/api/tsconfig.app.json' },
      projects: {
        api: { type: 'application', root: 'apps/api', compilerOptions: { tsConfigPath: 'apps/api/tsconfig.app.json' } },
        worker: { type: 'application', root: 'apps/worker' },
        shared: { type: 'library', root: 'libs/shared', compilerOptions: { tsConfigPath: 'libs/shared/tsconfig.lib.json' } },
      },
    });
    expect(tsconfigs()).toEqual(['apps/api/tsconfig.app.json', 'apps/worker/tsconfig.app.json']);
    expect(resolveBuildTargets(dir).map((t) => t.project)).toEqual(['api', 'worker']);
    expect(tsconfigs(undefined, 'worker')).toEqual(['apps/worker/tsconfig.app.json']);
    expect(() => resolveBuildTargets(dir, undefined, 'nope')).toThrow('nest-cli.json has no project "nope" (projects: api, worker, shared)');
  });

  it('-p overrides everything; a missing tsconfig is named with how it was chosen', () => {
    write('tsconfig.json');
    write('tsconfig.build.json');
    write('nest-cli.json', { compilerOptions: { tsConfigPath: 'tsconfig.missing.json' } });
    expect(tsconfigs('tsconfig.json')).toEqual(['tsconfig.json']);
    expect(() => resolveBuildTargets(dir)).toThrow(BuildConfigError);
    expect(() => resolveBuildTargets(dir)).toThrow(/tsconfig\.missing\.json not found \(chosen by nest-cli\.json compilerOptions\.tsConfigPath\)/);
    expect(() => resolveBuildTargets(dir, 'other.json')).toThrow(/other\.json not found \(chosen by -p\)/);
  });

  it('typescript-json-schema missing where the CLI runs: a message saying how to get it', () => {
    expect(() => loadSchemaToolchain(dir, [dir])).toThrow(
      /needs typescript-json-schema.*never in production: install it as a dev dependency \(`npm i -D typescript-json-schema`\), or run the CLI once with `npx -p typescript-json-schema -p chat-ts chat-ts schema`/,
    );
  });

  it("runs typescript-json-schema on the app's own TypeScript (resolved from the project first)", () => {
    // The app's copy: the real compiler, marked. A child process, so that Node's own resolution runs (not jest's).
    write('node_modules/typescript/package.json', { name: 'typescript', version: '5.9.3', main: 'index.js' });
    write('node_modules/typescript/index.js', `module.exports = { ...require(${JSON.stringify(require.resolve('typescript'))}), appCopy: true };`);
    const loader = join(__dirname, '..', '..', 'lib', 'schema', 'build', 'typescript.loader.ts');
    const script =
      `const { loadSchemaToolchain } = require(${JSON.stringify(loader)});` +
      `const t = loadSchemaToolchain(${JSON.stringify(dir)}, [${JSON.stringify(dir)}, ${JSON.stringify(__dirname)}]);` +
      'console.log(JSON.stringify({ ts: t.ts.appCopy === true, tjs: t.tjs.ts.appCopy === true, path: t.paths.ts }));';
    const child = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ ts: true, tjs: true, path: join(dir, 'node_modules', 'typescript', 'index.js') });
  }, 120_000);
});
