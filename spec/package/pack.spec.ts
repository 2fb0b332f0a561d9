import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Packs the tarball as npm would publish it, installs it offline (from the npm cache that `npm ci`
 * filled) into a throwaway app, and imports every subpath from CommonJS and from ESM, then runs the CLI.
 */
const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
  peerDependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true', npm_config_fund: 'false', npm_config_audit: 'false' } });

describe('the published package', () => {
  let dir: string;
  let tarball: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-ts-pack-'));
    const out = run('npm', ['pack', '--silent', '--pack-destination', dir], root).trim().split('\n');
    tarball = join(dir, out[out.length - 1]);
    const app = join(dir, 'app');
    run('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    // Optional peers that some subpaths need at import time, at the versions this repo tests with.
    const peers = ['@nestjs/common', '@nestjs/core', '@nestjs/terminus', 'ws']
      .filter((p) => pkg.peerDependencies?.[p])
      .map((p) => `${p}@${pkg.devDependencies[p]}`);
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...peers], app);
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships compiled JS and .d.ts, no sources or specs', () => {
    const files = run('tar', ['-tzf', tarball], dir).split('\n');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/python/host/chat_ts_host.py');
    expect(files.some((f) => f.startsWith('package/spec/') || f.startsWith('package/lib/'))).toBe(false);
  });

  it('imports every subpath from CommonJS', () => {
    const app = join(dir, 'app');
    const script = subpaths.map((s) => `require(${JSON.stringify(s)});`).join('\n') + '\nconsole.log("cjs ok", ' + subpaths.length + ');';
    writeFileSync(join(app, 'check.cjs'), script);
    expect(run('node', ['check.cjs'], app)).toContain(`cjs ok ${subpaths.length}`);
  });

  it('imports every subpath from ESM, with named exports', () => {
    const app = join(dir, 'app');
    const script =
      subpaths.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`).join('\n') +
      `\nimport { ChatError, Messages } from 'chat-ts';\nif (typeof ChatError !== 'function' || typeof Messages.fromUser !== 'function') throw new Error('named exports missing');\nconsole.log('esm ok', [${subpaths.map((_, i) => `m${i}`).join(',')}].length);`;
    writeFileSync(join(app, 'check.mjs'), script);
    expect(run('node', ['check.mjs'], app)).toContain(`esm ok ${subpaths.length}`);
  });

  it('runs the CLI from node_modules/.bin', () => {
    const app = join(dir, 'app');
    expect(readdirSync(join(app, 'node_modules/.bin'))).toContain('chat-ts');
    expect(run(join(app, 'node_modules/.bin/chat-ts'), ['--help'], app)).toMatch(/emulate/);
  });

  it('installs no typescript nor typescript-json-schema; `chat-ts schema` there says how to get it', () => {
    const app = join(dir, 'app');
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'typescript-json-schema'))).toBe(false);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ include: ['src'] }));
    const result = spawnSync(join(app, 'node_modules/.bin/chat-ts'), ['schema'], { cwd: app, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('chat-ts schema needs typescript-json-schema');
    expect(result.stderr).toContain('npm i -D typescript-json-schema');
  });

  it('exports the schema metadata API from the root entry, in CommonJS and ESM', () => {
    const app = join(dir, 'app');
    writeFileSync(join(app, 'metadata.mjs'), "import { loadSchemaMetadata, configureSchemas, MissingSchemaMetadataError } from 'chat-ts';\nloadSchemaMetadata({ version: 1, classes: [] });\nconsole.log(typeof configureSchemas, typeof MissingSchemaMetadataError);");
    expect(run('node', ['metadata.mjs'], app)).toContain('function function');
  });
});
