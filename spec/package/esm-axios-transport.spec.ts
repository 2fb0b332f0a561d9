import { createConsumerApp, testedVersion, type ConsumerApp } from '../support/packed-package';

/**
 * A user's own axios instance given to `AxiosTransport` (docs/providers.md, "Transports"), compiled in a
 * consumer app against the packed tarball: as a CommonJS app (Nest 11's `nest new`) and as an ES module
 * under `nodenext` (Nest 12's `nest new`: `"type": "module"`). The published `.d.ts` names axios's
 * `AxiosInstance` from a CommonJS package, so it resolves axios's CJS typings while an ESM app's
 * `axios.create()` is typed by axios's ESM typings: the two are unrelated types to the compiler
 * (TS2322 "Two different types with this name exist"). Found by trying the package as a new user
 * (/work/notes/tryout.md F1); this spec fails until the option is typed structurally.
 */
const SOURCE = [
  "import axios from 'axios';",
  "import { AxiosTransport } from 'chat-ts';",
  "import { ClaudeBuilder } from 'chat-ts/claude';",
  '',
  "const api = axios.create({ timeout: 5_000 });",
  "export const claude = new ClaudeBuilder().withModel('claude-sonnet-4-5').withTransport(new AxiosTransport({ axios: api })).build();",
  '',
].join('\n');

function tsconfig(module: 'node16' | 'nodenext', dir: string): string {
  return JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module, moduleResolution: module, types: ['node'], skipLibCheck: true, esModuleInterop: true },
    include: [`${dir}/**/*.ts`],
  });
}

describe('AxiosTransport with the app’s own axios instance, as consumers compile it', () => {
  let app: ConsumerApp;

  beforeAll(() => {
    app = createConsumerApp({
      name: 'axios-transport',
      dependencies: { axios: testedVersion('axios'), typescript: testedVersion('typescript'), '@types/node': testedVersion('@types/node') },
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
