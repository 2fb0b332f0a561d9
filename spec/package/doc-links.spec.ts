import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { documentationFiles } from '../support/doc-code-blocks';
import { anchorsOf, brokenLinks, headingAnchor, relativeLinks } from '../support/doc-links';

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Every relative link of README.md and docs/*.md points at a file that exists and, when it names
 * an anchor, at a heading of that file (GitHub's anchors), so moving text between guides cannot
 * leave a dead link behind.
 */
describe('links of the documentation', () => {
  it('README.md links each guide of docs/', () => {
    const [readme, ...guides] = documentationFiles(REPO_ROOT);
    const text = readFileSync(readme, 'utf8');
    const unlinked = guides.map((file) => `docs/${basename(file)}`).filter((guide) => !text.includes(`](${guide}`));
    expect(unlinked).toEqual([]);
  });

  it('finds the relative links of every guide', () => {
    const counts = documentationFiles(REPO_ROOT).map((file) => relativeLinks(file, REPO_ROOT).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
  });

  it('every relative link and anchor resolves', () => {
    expect(brokenLinks(documentationFiles(REPO_ROOT), REPO_ROOT)).toEqual({});
  });

  it('anchors follow GitHub: punctuation dropped, spaces to dashes, repeats numbered', () => {
    expect(headingAnchor('Health (`chat-ts/nest/health`, needs `@nestjs/terminus` ≥ 11)')).toBe('health-chat-tsnesthealth-needs-nestjsterminus--11');
    expect([...anchorsOf('# A\n```\n# not a heading\n```\n## A\n## B: c')]).toEqual(['a', 'a-1', 'b-c']);
  });

  it('the check names a missing file and a missing heading', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doc-links-'));
    writeFileSync(join(dir, 'a.md'), '# A\n\nSee [b](b.md), [gone](gone.md), [here](#a), [nowhere](b.md#nope), `[code](x.md)`.\n');
    writeFileSync(join(dir, 'b.md'), '# B\n');
    expect(brokenLinks([join(dir, 'a.md')], dir)).toEqual({
      'a.md:3 gone.md': 'no file gone.md',
      'a.md:3 b.md#nope': 'no heading #nope in b.md',
    });
  });
});
