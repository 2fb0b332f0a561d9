import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { JsonSchema } from '../../lib/core/json.types';
import { resetSchemaMetadata, schemaOfClass } from '../../lib/schema';
import { collectTools } from '../../lib/tools';
import { runSchemaCli } from './fixtures/fixture-project';

type Props = { properties: Record<string, JsonSchema> };
type Ctor = new () => object;

/** A two-app Nest monorepo whose apps both define `OrderArgs` (different fields) and `OrderTools`. */
function writeMonorepo(root: string): void {
  const file = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const lib = (from: string): string => relative(dirname(join(root, from)), join(__dirname, '..', '..', 'lib', 'decorators')).split('\\').join('/');
  file('nest-cli.json', JSON.stringify({
    monorepo: true,
    root: 'apps/shop',
    compilerOptions: { webpack: true, tsConfigPath: 'apps/shop/tsconfig.app.json' },
    projects: {
      shop: { type: 'application', root: 'apps/shop', compilerOptions: { tsConfigPath: 'apps/shop/tsconfig.app.json' } },
      billing: { type: 'application', root: 'apps/billing', compilerOptions: { tsConfigPath: 'apps/billing/tsconfig.app.json' } },
    },
  }));
  file('tsconfig.json', JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, types: ['node'] },
  }));
  for (const [app, field, doc] of [['shop', 'sku', 'Stock keeping unit.'], ['billing', 'invoiceId', 'Invoice number.']]) {
    file(`apps/${app}/tsconfig.app.json`, JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { outDir: `../../dist/apps/${app}` }, include: ['src/**/*'], exclude: ['**/*spec.ts'] }));
    file(`apps/${app}/src/order.args.ts`, [
      "import { IsString } from 'class-validator';",
      '',
      `/** ${app} order arguments. */`,
      'export class OrderArgs {',
      `  /** ${doc} */`,
      '  @IsString()',
      `  ${field}!: string;`,
      '}',
      '',
    ].join('\n'));
    file(`apps/${app}/src/order.tools.ts`, [
      `import { Tool } from '${lib(`apps/${app}/src/order.tools.ts`)}';`,
      "import { OrderArgs } from './order.args';",
      '',
      'export class OrderTools {',
      `  /** Look an order up in ${app}. */`,
      '  @Tool()',
      '  lookup(args: OrderArgs): string {',
      '    return JSON.stringify(args);',
      '  }',
      '}',
      '',
    ].join('\n'));
  }
}

describe('chat-ts schema in a Nest monorepo: two apps, a class of the same name in each', () => {
  const root = mkdtempSync(join(__dirname, 'fixtures', '.work-mono-'));
  const cwd = process.cwd();
  const load = (app: string, file: string, name: string): Ctor => (require(join(root, 'apps', app, 'src', file)) as Record<string, Ctor>)[name];

  beforeAll(() => writeMonorepo(root));
  afterAll(() => {
    process.chdir(cwd);
    rmSync(root, { recursive: true, force: true });
    resetSchemaMetadata();
  });

  it('generates one metadata module per application (from nest-cli.json), each bound to its own classes', async () => {
    process.chdir(root);
    let result;
    try {
      result = await runSchemaCli([]);
    } finally {
      process.chdir(cwd);
    }
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/wrote apps\/shop\/src\/chat-ts\.metadata\.ts \(1 schemas, 1 tools; from apps\/shop\/tsconfig\.app\.json\)/);
    expect(result.out).toMatch(/wrote apps\/billing\/src\/chat-ts\.metadata\.ts \(1 schemas, 1 tools; from apps\/billing\/tsconfig\.app\.json\)/);
    require(join(root, 'apps', 'shop', 'src', 'chat-ts.metadata'));
    require(join(root, 'apps', 'billing', 'src', 'chat-ts.metadata'));
    const shop = schemaOfClass(load('shop', 'order.args', 'OrderArgs'));
    const billing = schemaOfClass(load('billing', 'order.args', 'OrderArgs'));
    expect(shop.source).toBe('generated');
    expect((shop.schema as Props).properties).toEqual({ sku: { description: 'Stock keeping unit.', type: 'string' } });
    expect((billing.schema as Props).properties).toEqual({ invoiceId: { description: 'Invoice number.', type: 'string' } });
    expect(collectTools(new (load('billing', 'order.tools', 'OrderTools'))()).tools[0].description).toBe('Look an order up in billing.');
  }, 240_000);

  it('--watch regenerates after a change, and stops when told', async () => {
    const tsconfig = join(root, 'apps', 'shop', 'tsconfig.app.json');
    const out = join(root, 'apps', 'shop', 'src', 'watched.metadata.ts');
    const source = join(root, 'apps', 'shop', 'src', 'order.args.ts');
    const controller = new AbortController();
    const running = runSchemaCli(['-p', tsconfig, '-o', out, '--watch'], controller.signal);
    try {
      await until(() => existsSync(out) && readFileSync(out, 'utf8').includes('Stock keeping unit.'));
      writeFileSync(source, readFileSync(source, 'utf8').replace('Stock keeping unit.', 'The article number.'));
      await until(() => readFileSync(out, 'utf8').includes('The article number.'));
    } finally {
      controller.abort();
    }
    await expect(running).resolves.toMatchObject({ code: 0 });
    expect(readFileSync(out, 'utf8')).not.toContain('Stock keeping unit.');
  }, 240_000);
});

/** Polls until `check` holds (a generation takes seconds on a busy machine). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 900; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out waiting for the watcher');
}
