import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '../../lib/core/json.types';
import type { EmulatedReply, ProviderEmulator } from '../../lib/testing';
import { createConsumerApp, fixtureFiles, testedVersion, type CommandResult, type ConsumerApp } from './packed-package';

/**
 * The consumer apps of the build-time schema suite (spec/package/schema-*.spec.ts), made from the
 * templates in spec/package/fixtures/schema-apps: a `nest new`-shaped app installed once from the
 * packed tarball with its build tools at the versions this repository tests, and apps sharing its
 * `node_modules` (an ESM app, a Nest monorepo). Each app asks the emulator a question from the
 * command line (`node <entry> "question"`), so the test reads what went out on the wire.
 */

export const SCHEMA_FIXTURES = join(__dirname, '..', 'package', 'fixtures', 'schema-apps');

/** What a Nest app needs at run time (a production install has these and chat-ts). */
export const NEST_RUNTIME_PACKAGES = ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', 'reflect-metadata', 'rxjs', 'class-validator'];

/** What the user installs to build, test and generate: the Nest CLI and its builders, ts-jest, the schema generator. */
export const BUILD_TOOL_PACKAGES = [
  '@nestjs/cli',
  '@nestjs/testing',
  '@swc/cli',
  '@swc/core',
  '@types/jest',
  '@types/node',
  'esbuild',
  'jest',
  'ts-jest',
  'ts-loader',
  'typescript',
  'typescript-json-schema',
];

/** `{ name: tested version }` for each package. */
export function atTestedVersions(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, testedVersion(name)]));
}

/** The scripts of a `nest new` app, with the README's `prebuild`. */
const NEST_SCRIPTS = {
  prebuild: 'chat-ts schema',
  build: 'nest build',
  'start:prod': 'node dist/main',
  'test:e2e': 'jest --config ./test/jest-e2e.json',
};

/** The `nest new`-shaped app (fixtures/schema-apps/nest-app), installed with its build tools. */
export function createNestApp(): ConsumerApp {
  return createConsumerApp({
    name: 'schema-nest',
    dependencies: atTestedVersions(NEST_RUNTIME_PACKAGES),
    devDependencies: atTestedVersions(BUILD_TOOL_PACKAGES),
    packageJson: { scripts: NEST_SCRIPTS },
    files: fixtureFiles(join(SCHEMA_FIXTURES, 'nest-app')),
  });
}

/** An app made from a template folder of fixtures/schema-apps, using `host`'s installed packages. */
export function createSiblingApp(template: string, host: ConsumerApp, packageJson: Record<string, unknown> = {}): ConsumerApp {
  return createConsumerApp({ name: `schema-${template}`, packageJson, files: fixtureFiles(join(SCHEMA_FIXTURES, template)), nodeModulesOf: host });
}

/** The model's replies for one question about the weather: call `forecast` with `args`, then answer. */
export function forecastReplies(args: Record<string, JsonValue>, answer: string): EmulatedReply[] {
  return [{ toolCalls: [{ name: 'forecast', arguments: args }] }, { text: answer }];
}

/** What an app printed and sent for the questions it was asked. */
export interface AppRun {
  readonly result: CommandResult;
  /** The JSON line printed per question: the answer's text and the tools that ran. */
  readonly answers: Array<{ text: string; tools: Array<{ name: string; content: string }> }>;
  /** Body of each request the emulator received, in order. */
  readonly bodies: JsonValue[];
  /** stdout and stderr together (Nest's logger writes warnings to stdout). */
  readonly output: string;
}

/** Fails with the command's output unless it exited 0. */
export function expectSuccess(result: CommandResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

/**
 * Runs `node <entry> ...questions` in the app against the emulator (reset, then scripted with
 * `replies`), with `LLM_URL` pointing at it. Does not check the exit code.
 */
export async function runApp(
  emulator: ProviderEmulator,
  app: ConsumerApp,
  entry: string,
  questions: readonly string[],
  replies: readonly EmulatedReply[],
  env: Record<string, string> = {},
): Promise<AppRun> {
  emulator.reset();
  emulator.script(replies);
  if (!existsSync(join(app.dir, entry))) throw new Error(`${entry} was not built; ${app.dir} holds: ${readdirSync(app.dir).join(', ')}`);
  const result = await app.runAsync('node', [entry, ...questions], { env: { LLM_URL: emulator.url(), ...env } });
  const answers = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AppRun['answers'][number]);
  return { result, answers, bodies: emulator.requests().map((r) => r.body), output: `${result.stdout}\n${result.stderr}` };
}

/** Runs the app for one forecast question and checks it exited 0, the tool ran and the model answered. */
export async function askForecast(emulator: ProviderEmulator, app: ConsumerApp, entry: string, args: Record<string, JsonValue>): Promise<AppRun> {
  const run = await runApp(emulator, app, entry, ['What will the weather be?'], forecastReplies(args, 'Sunny.'));
  expectSuccess(run.result, `node ${entry}`);
  expect(run.answers).toEqual([{ text: 'Sunny.', tools: [expect.objectContaining({ name: 'forecast' })] }]);
  expect(run.bodies).toHaveLength(2);
  return run;
}
