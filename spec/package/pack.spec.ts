import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, createConsumerApp, packedTarball, repoPackage, run, testedVersion, type ConsumerApp } from '../support/packed-package';

/**
 * Packs the tarball as npm would publish it, installs it into a throwaway app with the optional peers
 * some subpaths need at import time, and imports every subpath from CommonJS and from ESM, then runs the CLI.
 */
const pkg = repoPackage();
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));

describe('the published package', () => {
  let app: ConsumerApp;

  beforeAll(() => {
    const peers = ['@nestjs/common', '@nestjs/core', '@nestjs/terminus', 'ws', '@opentelemetry/api', '@modelcontextprotocol/sdk', 'ioredis', 'bullmq', '@nestjs/bullmq'].filter((p) => pkg.peerDependencies?.[p]);
    app = createConsumerApp({
      name: 'pack',
      dependencies: Object.fromEntries(peers.map((p) => [p, testedVersion(p)])),
      installFlags: ['--ignore-scripts'],
    });
  }, 240_000);

  afterAll(() => app?.remove());

  it('ships compiled JS and .d.ts, no sources or specs', () => {
    const files = run('tar', ['-tzf', packedTarball()], app.dir).split('\n');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/python/host/chat_ts_host.py');
    expect(files.some((f) => f.startsWith('package/spec/') || f.startsWith('package/lib/'))).toBe(false);
  });

  it('imports every subpath from CommonJS', () => {
    const script = subpaths.map((s) => `require(${JSON.stringify(s)});`).join('\n') + '\nconsole.log("cjs ok", ' + subpaths.length + ');';
    app.write('check.cjs', script);
    expect(app.run('node', ['check.cjs'])).toContain(`cjs ok ${subpaths.length}`);
  });

  it('imports every subpath from ESM, with named exports', () => {
    const script =
      subpaths.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`).join('\n') +
      `\nimport { ChatError, Messages } from 'chat-ts';\nif (typeof ChatError !== 'function' || typeof Messages.fromUser !== 'function') throw new Error('named exports missing');\nconsole.log('esm ok', [${subpaths.map((_, i) => `m${i}`).join(',')}].length);`;
    app.write('check.mjs', script);
    expect(app.run('node', ['check.mjs'])).toContain(`esm ok ${subpaths.length}`);
  });

  it('runs the CLI from node_modules/.bin', () => {
    expect(readdirSync(join(app.dir, 'node_modules/.bin'))).toContain('chat-ts');
    expect(app.run(join(app.dir, 'node_modules/.bin/chat-ts'), ['--help'])).toMatch(/emulate/);
  });

  it('installs no typescript nor typescript-json-schema; `chat-ts schema` there says how to get it', () => {
    expect(existsSync(join(app.dir, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(app.dir, 'node_modules', 'typescript-json-schema'))).toBe(false);
    app.write('tsconfig.json', JSON.stringify({ include: ['src'] }));
    const result = spawnSync(join(app.dir, 'node_modules/.bin/chat-ts'), ['schema'], { cwd: app.dir, encoding: 'utf8', env: childEnv() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('chat-ts schema needs typescript-json-schema');
    expect(result.stderr).toContain('npm i -D typescript-json-schema');
  });

  it('exports the schema metadata API from the root entry, in CommonJS and ESM', () => {
    app.write('metadata.mjs', "import { loadSchemaMetadata, configureSchemas, MissingSchemaMetadataError } from 'chat-ts';\nloadSchemaMetadata({ version: 1, classes: [] });\nconsole.log(typeof configureSchemas, typeof MissingSchemaMetadataError);");
    expect(app.run('node', ['metadata.mjs'])).toContain('function function');
  });
});
