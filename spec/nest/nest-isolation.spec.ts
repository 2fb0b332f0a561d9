import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { libPath, reachableFrom } from '../support/import-graph';

const root = resolve(__dirname, '../..');
const lib = join(root, 'lib');
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]);
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Every package a module reaches through its local imports, with the file that imports it. */
function reachablePackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) {
        const local = resolveLocal(file, specifier);
        if (local) queue.push(local);
      } else if (!packages.has(specifier)) {
        packages.set(specifier, relative(root, file));
      }
    }
  }
  return packages;
}

describe('NestJS stays inside lib/nest', () => {
  it('no file under lib/ outside lib/nest imports @nestjs/*', () => {
    const files = sourceFiles(lib).filter((f) => !relative(lib, f).startsWith(`nest${'/'}`));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => importsOf(f).filter((s) => s.startsWith('@nestjs/')).map((s) => `${relative(root, f)} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the root entry does not reach lib/nest or any @nestjs package', () => {
    const packages = [...reachablePackages(join(lib, 'index.ts')).keys()];
    expect(packages.filter((p) => p.startsWith('@nestjs/'))).toEqual([]);
  });

  it('chat-ts/nest works without @nestjs/terminus: only chat-ts/nest/health imports it', () => {
    const nest = reachablePackages(join(lib, 'nest', 'index.ts'));
    expect(nest.has('@nestjs/common')).toBe(true);
    expect([...nest.keys()].filter((p) => p.startsWith('@nestjs/terminus'))).toEqual([]);
    const health = reachablePackages(join(lib, 'nest', 'health', 'index.ts'));
    expect(health.has('@nestjs/terminus')).toBe(true);
  });

  it('chat-ts/nest never loads the emulator: only chat-ts/nest/testing reaches lib/testing', () => {
    const testingFiles = (entry: string) => [...reachableFrom(entry).keys()].filter((file) => libPath(file).startsWith('testing/'));
    expect(testingFiles(join(lib, 'nest', 'index.ts'))).toEqual([]);
    expect(testingFiles(join(lib, 'nest', 'testing', 'index.ts')).map(libPath)).toContain('testing/emulator/provider-emulator.ts');
  });

  it('the check sees a violation when there is one', () => {
    const sample = "import { Injectable } from '@nestjs/common';\nconst x = require('@nestjs/core');\nawait import('@nestjs/terminus');";
    expect([...sample.matchAll(IMPORT)].map((m) => m[1])).toEqual(['@nestjs/common', '@nestjs/core', '@nestjs/terminus']);
  });
});
