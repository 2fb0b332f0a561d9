import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryPoints, generateApiReport, reportFileName } from '../../scripts/api-report';
import { packedTarball, REPO_ROOT, repoPackage, run } from '../support/packed-package';

/**
 * The public API as published: the report regenerated from the packed tarball's `.d.ts` must equal
 * the committed `api/*.api.md`, so every change to the public surface is a reviewed diff
 * (`npm run api:update` accepts one). No entry point may name a type of the package that no entry
 * point exports, and none may export what is marked internal.
 */
describe('the API report', () => {
  let dir: string;
  let reports: Map<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-ts-api-'));
    run('tar', ['-xzf', packedTarball(), '-C', dir], REPO_ROOT);
    reports = generateApiReport(join(dir, 'package'));
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has one report per entry point of package.json', () => {
    const expected = Object.keys(repoPackage().exports).filter((k) => k !== './package.json').length;
    expect(entryPoints(join(dir, 'package'))).toHaveLength(expected);
    expect([...reports.keys()].sort()).toEqual(readdirSync(join(REPO_ROOT, 'api')).filter((f) => f.endsWith('.api.md')).sort());
  });

  it('matches the committed report (run `npm run api:update` and review the diff)', () => {
    for (const [file, content] of reports) expect({ file, content }).toEqual({ file, content: readFileSync(join(REPO_ROOT, 'api', file), 'utf8') });
  });

  it('names no type of the package that no entry point exports, but in constructors users do not call', () => {
    // Objects the package builds itself (from tool discovery, the Python host, the Nest pipeline):
    // their constructors take internal collaborators, listed in the report for review.
    const constructorOnly: Record<string, string[]> = {
      'nest.api.md': ['GuardedTool', 'ToolPipeline'],
      'python.api.md': ['HostToolDescription', 'PythonHost', 'PythonToolCaller'],
      'testing.api.md': ['EmulatorInternals'],
    };
    const forgotten = Object.fromEntries(
      [...reports].map(([file, content]) => [file, [...(content.split('## Referenced but not exported')[1] ?? '').matchAll(/^- `(\w+)`$/gm)].map((m) => m[1])]),
    );
    for (const [file, names] of Object.entries(forgotten)) expect({ file, names }).toEqual({ file, names: constructorOnly[file] ?? [] });
  });

  it('exports none of the internals users must not reach', () => {
    const internals = ['ACTIVE_RUN', 'DESIGN_TYPE', 'METADATA_STORAGE_KEY', 'SseParser', 'redirectedRequest', 'providerCaller', 'mapRequest', 'mapResponse', 'buildResponsesRequest'];
    for (const [file, content] of reports) for (const name of internals) expect({ file, exported: content.includes(`\n## ${name}\n`) }).toEqual({ file, exported: false });
    expect(reports.get(reportFileName('chat-ts'))).toContain('\n## ChatBuilder\n');
  });

  it('re-exports nothing the build stripped (every export has a declaration)', () => {
    for (const [file, content] of reports) expect({ file, missing: content.match(/^\/\/ \w+: no declaration$/gm) }).toEqual({ file, missing: null });
  });

  it('ships no @internal declaration (stripInternal)', () => {
    const files = readdirSync(join(dir, 'package', 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => readFileSync(join(dir, 'package', 'dist', f), 'utf8').includes('@internal'))).toEqual([]);
  });
});
