import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpProviderBuilderBase } from '../../../lib/providers/shared/http-provider-builder.base';
import { HttpProviderKernel } from '../../../lib/providers/shared/http-provider.kernel';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { CONTRACT_ENTRIES, NOT_HTTP } from './provider-contract.registry';

const ROOT = join(__dirname, '..', '..', '..');
const PROVIDERS = join(ROOT, 'lib', 'providers');
const listed = new Set([...CONTRACT_ENTRIES.map((e) => e.name), ...Object.keys(NOT_HTTP)]);

/** Every class exported by a provider subpath's index. */
function exportedClasses(): Array<{ folder: string; name: string; cls: Function }> {
  const out: Array<{ folder: string; name: string; cls: Function }> = [];
  for (const folder of readdirSync(PROVIDERS)) {
    if (folder === 'shared' || folder === 'llama-cpp') continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(join(PROVIDERS, folder)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) if (typeof value === 'function' && /^[A-Z]/.test(name)) out.push({ folder, name, cls: value });
  }
  return out;
}

const extendsClass = (cls: Function, base: Function): boolean => cls !== base && cls.prototype instanceof base;

describe('the provider contract covers every provider (one list)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  it('lists every folder of lib/providers', () => {
    const folders = readdirSync(PROVIDERS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => !listed.has(f))).toEqual([]);
    expect(CONTRACT_ENTRIES.map((e) => e.name).filter((n) => !folders.includes(n))).toEqual([]);
  });

  it('lists every provider subpath of package.json exports', () => {
    const exportsField = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports;
    const providerSubpaths = Object.entries(exportsField)
      .map(([subpath, target]) => ({ subpath, target: JSON.stringify(target) }))
      .filter((e) => e.target.includes('/providers/'))
      .map((e) => /\/providers\/([^/]+)\//.exec(e.target)![1]);
    expect(providerSubpaths.length).toBeGreaterThanOrEqual(new Set(CONTRACT_ENTRIES.map((e) => e.name)).size);
    expect(providerSubpaths.filter((name) => !listed.has(name))).toEqual([]);
    for (const entry of CONTRACT_ENTRIES) expect(Object.keys(exportsField)).toContain(`./${entry.name}`);
  });

  it('has an entry for every concrete HTTP builder a provider subpath exports', () => {
    const builders = exportedClasses().filter(({ cls }) => extendsClass(cls, HttpProviderBuilderBase) && Object.prototype.hasOwnProperty.call(cls.prototype, 'build'));
    // One builder may have several entries (Azure: Responses on v1 URLs, Chat Completions on deployment URLs).
    expect(builders.length).toBeGreaterThanOrEqual(new Set(CONTRACT_ENTRIES.map((e) => e.builderClass)).size);
    const covered = new Set<Function>(CONTRACT_ENTRIES.map((e) => e.builderClass));
    expect(builders.filter(({ cls }) => !covered.has(cls)).map(({ folder, name }) => `${folder}: ${name}`)).toEqual([]);
  });

  it('builds, through its entries, every HTTP provider class a provider subpath exports; each is on the kernel', () => {
    const built = CONTRACT_ENTRIES.map((entry) => {
      const builder = entry.builder(emulator);
      const provider = builder.build();
      expect(builder).toBeInstanceOf(HttpProviderBuilderBase);
      expect(builder).toBeInstanceOf(entry.builderClass);
      expect(provider).toBeInstanceOf(HttpProviderKernel);
      expect(provider.id).toBe(entry.id);
      return provider.constructor;
    });
    const kernels = exportedClasses().filter(({ cls }) => extendsClass(cls, HttpProviderKernel));
    expect(kernels.length).toBeGreaterThanOrEqual(5);
    expect(kernels.filter(({ cls }) => !built.includes(cls)).map(({ folder, name }) => `${folder}: ${name}`)).toEqual([]);
  });
});
