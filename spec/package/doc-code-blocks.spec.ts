import { resolve } from 'node:path';
import { checkCodeBlocks, documentationFiles, extractCodeBlocks, type DocCodeBlock } from '../support/doc-code-blocks';

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Every ```ts / ```typescript block of README.md and docs/*.md type-checks against the package
 * (`chat-ts[/x]` mapped to lib/), strict, with decorators as Nest compiles them. A block that is
 * deliberately partial says so on its fence (```ts no-check); the names a block may use without
 * declaring them are in spec/support/doc-blocks.prelude.ts.
 */
describe('code blocks of the documentation', () => {
  const blocks = documentationFiles(REPO_ROOT).flatMap((file) => extractCodeBlocks(file, REPO_ROOT));

  it('finds the blocks of README.md and docs/', () => {
    // the README holds the quickstarts (plain and Nest); the guides in docs/ hold the rest
    expect(blocks.filter((block) => block.where.startsWith('README.md:')).length).toBeGreaterThanOrEqual(2);
    expect(blocks.filter((block) => block.where.startsWith('docs/')).length).toBeGreaterThan(50);
  });

  it('skips few blocks, each marked on its fence', () => {
    const skipped = blocks.filter((block) => block.skipped).map((block) => block.where);
    expect(skipped.length).toBeLessThanOrEqual(3);
  });

  it('every other block compiles', () => {
    const errors = checkCodeBlocks(REPO_ROOT, blocks.filter((block) => !block.skipped));
    expect(Object.fromEntries(errors)).toEqual({});
  }, 180_000);

  it('the check fails a block that does not compile under strict settings, naming the block and the error', () => {
    const broken: DocCodeBlock = {
      where: 'broken.md:1',
      skipped: false,
      code: [
        "import { ConfigService } from '@nestjs/config';",
        "import { ResponsesBuilder } from 'chat-ts/responses';",
        'declare const config: ConfigService;',
        "new ResponsesBuilder().withBaseUrl(config.get('LLM_URL')).withModel('m');",
      ].join('\n'),
    };
    const errors = checkCodeBlocks(REPO_ROOT, [broken]);
    expect([...errors.keys()]).toEqual(['broken.md:1']);
    expect(errors.get('broken.md:1')?.join('\n')).toMatch(/block line 4: TS2345 Argument of type 'string \| undefined'/);
  }, 180_000);
});
