import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The recorded-traffic folder (`../shared/fixtures` beside the checkout). Also looks one level
 * higher, for git worktrees kept in a sub-folder next to the main checkout, and honours
 * `CHAT_TS_FIXTURES`. Undefined when none exists.
 */
export function claudeFixturesDir(): string | undefined {
  const candidates = [
    process.env.CHAT_TS_FIXTURES,
    join(ROOT, '..', 'shared', 'fixtures'),
    join(ROOT, '..', '..', 'shared', 'fixtures'),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return candidates.find((p) => existsSync(join(p, 'MANIFEST.md')));
}

/**
 * Registers the suite, or — when the fixtures are missing — fails under CI and otherwise registers
 * one test that says plainly that the conformance suite did not run.
 */
export function describeWithFixtures(name: string, body: (dir: string) => void): void {
  const dir = claudeFixturesDir();
  if (dir) return describe(name, () => body(dir));
  describe(name, () => {
    it('needs the recorded fixtures', () => {
      if (process.env.CI) throw new Error('recorded fixtures (../shared/fixtures) not found under CI');
      console.log('recorded fixtures not found, conformance not run');
    });
  });
}
