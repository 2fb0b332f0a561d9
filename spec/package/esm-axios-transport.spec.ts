import { createConsumerApp, testedVersion, type ConsumerApp } from '../support/packed-package';

/**
 * A user's own axios instance given to `AxiosTransport` (docs/providers.md, "Transports"), compiled in a
 * consumer app against the packed tarball: as a CommonJS app (Nest 11's `nest new`) and as an ES module
 * under `nodenext` (Nest 12's `nest new`: `"type": "module"`). The published `.d.ts` names axios's
 * `AxiosInstance` from a CommonJS package, so it resolves axios's CJS typings while an ESM app's
 * `axios.create()` is typed by axios's ESM typings: the two are unrelated types to the compiler
 * (TS2322 "Two different types with this name exist"). Found by trying the package as a new user
 * (/work/notes/tryout.md F1); the option is now typed structurally (`AxiosClient`).
 *
 * The same app hands chat-ts the other third-party objects an app creates itself (an ioredis client,
 * a BullMQ connection, an OpenTelemetry tracer provider): those packages ship one set of typings for
 * both module systems today, and this keeps them honest if one of them splits its typings like axios.
 */
const SOURCE = [
  "import axios from 'axios';",
  "import { AxiosTransport } from 'chat-ts';",
  "import { ClaudeBuilder } from 'chat-ts/claude';",
  "import { Redis } from 'ioredis';",
  "import { trace } from '@opentelemetry/api';",
  "import { RedisConversationStore } from 'chat-ts/redis';",
  "import { ChatQueue } from 'chat-ts/bullmq';",
  "import { openTelemetry } from 'chat-ts/otel';",
  '',
  "const api = axios.create({ timeout: 5_000 });",
  "export const claude = new ClaudeBuilder().withModel('claude-sonnet-4-5').withTransport(new AxiosTransport({ axios: api })).build();",
  "export const viaAxiosItself = new AxiosTransport({ axios });",
  '',
  "const redis = new Redis({ lazyConnect: true });",
  "export const conversations = new RedisConversationStore({ redis });",
  "export const queue = new ChatQueue({ connection: redis });",
  "export const telemetry = openTelemetry({ tracerProvider: trace.getTracerProvider() });",
  '',
].join('\n');

function tsconfig(module: 'node16' | 'nodenext', dir: string): string {
  return JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module, moduleResolution: module, types: ['node'], skipLibCheck: true, esModuleInterop: true },
    include: [`${dir}/**/*.ts`],
  });
}

describe('AxiosTransport with the app’s own axios instance (and the app’s own ioredis, BullMQ and OTel objects), as consumers compile it', () => {
  let app: ConsumerApp;

  beforeAll(() => {
    app = createConsumerApp({
      name: 'axios-transport',
      dependencies: {
        axios: testedVersion('axios'),
        ioredis: testedVersion('ioredis'),
        bullmq: testedVersion('bullmq'),
        '@opentelemetry/api': testedVersion('@opentelemetry/api'),
        typescript: testedVersion('typescript'), '@types/node': testedVersion('@types/node'),
      },
      files: {
        'cjs/app.ts': SOURCE,
        'esm/package.json': JSON.stringify({ type: 'module' }),
        'esm/app.ts': SOURCE,
        'tsconfig.cjs.json': tsconfig('node16', 'cjs'),
        'tsconfig.esm.json': tsconfig('nodenext', 'esm'),
      },
      installFlags: ['--ignore-scripts'],
    });
  }, 600_000);

  afterAll(() => app?.remove());

  it.each([
    ['a CommonJS app (node16)', 'tsconfig.cjs.json'],
    ['an ES module app (nodenext, "type": "module")', 'tsconfig.esm.json'],
  ])('compiles in %s', async (_what, config) => {
    const result = await app.runAsync('node', ['node_modules/typescript/bin/tsc', '-p', config]);
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
