import { createConsumerApp, type ConsumerApp } from '../support/packed-package';

/**
 * The packed tarball in a Nest 11 app (CommonJS) and a Nest 12 app (ESM, as Nest 12 itself is), each
 * with its own class-validator/class-transformer (the peer range's two ends): the app boots a module
 * with `ChatModule` and the terminus `ChatHealthIndicator`, answers one question through the emulator,
 * and `npm ls` finds one copy of class-validator and class-transformer (the app's own).
 */
const BODY = `
async function main() {
  const emulator = await ProviderEmulator.start();
  emulator.script([{ text: 'hello from nest' }]);
  class AppModule {}
  Module({
    imports: [ChatModule.forRoot({ provider: new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated') }), TerminusModule],
    providers: [ChatHealthIndicator],
  })(AppModule);
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  try {
    const reply = await app.get(NestChat).complete(Messages.fromUser('hi'));
    const health = await app.get(ChatHealthIndicator).isHealthy('llm');
    console.log(JSON.stringify({ text: reply.text, health }));
  } finally {
    await app.close();
    await emulator.close();
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

const CJS = `require('reflect-metadata');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TerminusModule } = require('@nestjs/terminus');
const { Messages } = require('chat-ts');
const { ChatModule, NestChat } = require('chat-ts/nest');
const { ChatHealthIndicator } = require('chat-ts/nest/health');
const { ResponsesBuilder } = require('chat-ts/responses');
const { ProviderEmulator } = require('chat-ts/testing');
${BODY}`;

const ESM = `import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Messages } from 'chat-ts';
import { ChatModule, NestChat } from 'chat-ts/nest';
import { ChatHealthIndicator } from 'chat-ts/nest/health';
import { ResponsesBuilder } from 'chat-ts/responses';
import { ProviderEmulator } from 'chat-ts/testing';
${BODY}`;

/** Installed copies of a package in the app (`npm ls --all --parseable` lists each folder once). */
function copiesOf(app: ConsumerApp, name: string): string[] {
  const lines = app.run('npm', ['ls', name, '--all', '--parseable']).trim().split('\n');
  return lines.filter((line) => line.replace(/\\/g, '/').endsWith(`node_modules/${name}`));
}

function versionOf(app: ConsumerApp, name: string): string {
  return (JSON.parse(app.read(`node_modules/${name}/package.json`)) as { version: string }).version;
}

const apps = [
  { nest: '11', terminus: '^11', classValidator: '~0.14.0', esm: false },
  { nest: '12', terminus: '^12', classValidator: '~0.15.0', esm: true },
];

describe.each(apps)('chat-ts in a Nest $nest app (class-validator $classValidator)', ({ nest, terminus, classValidator, esm }) => {
  let app: ConsumerApp;

  beforeAll(() => {
    app = createConsumerApp({
      name: `nest${nest}`,
      dependencies: {
        '@nestjs/common': `^${nest}`,
        '@nestjs/core': `^${nest}`,
        '@nestjs/terminus': terminus,
        'class-validator': classValidator,
        'class-transformer': '^0.5.1',
        'reflect-metadata': '^0.2.2',
        rxjs: '^7.8.2',
      },
      files: { [esm ? 'main.mjs' : 'main.cjs']: esm ? ESM : CJS },
      installFlags: ['--ignore-scripts'],
    });
  }, 300_000);

  afterAll(() => app?.remove());

  it('installs without forcing peers, on the Nest and terminus majors asked for', () => {
    expect(versionOf(app, '@nestjs/core').split('.')[0]).toBe(nest);
    expect(versionOf(app, '@nestjs/common').split('.')[0]).toBe(nest);
    expect(versionOf(app, '@nestjs/terminus').split('.')[0]).toBe(terminus.slice(1));
    expect(app.run('npm', ['ls', '--all'])).not.toMatch(/invalid|UNMET PEER/);
  });

  it('boots a module with ChatModule and the health indicator, and answers through the emulator', () => {
    const out = JSON.parse(app.run('node', [esm ? 'main.mjs' : 'main.cjs']).trim().split('\n').pop() as string) as {
      text: string;
      health: Record<string, { status: string }>;
    };
    expect(out.text).toBe('hello from nest');
    expect(out.health.llm.status).toBe('up');
  });

  it('has one copy of class-validator and one of class-transformer: the app’s own', () => {
    expect(copiesOf(app, 'class-validator')).toHaveLength(1);
    expect(copiesOf(app, 'class-transformer')).toHaveLength(1);
    expect(versionOf(app, 'class-validator')).toMatch(new RegExp(`^${classValidator.slice(1).replace(/\.0$/, '').replace('.', '\\.')}\\.`));
  });
});
