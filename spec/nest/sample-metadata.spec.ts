import { join } from 'node:path';
import { runSchemaCli } from '../schema/fixtures/fixture-project';

describe('samples/nest/chat-ts.metadata.ts', () => {
  it('is up to date with the sample sources (`chat-ts schema --check`, as a CI step would run it)', async () => {
    const result = await runSchemaCli(['-p', join(__dirname, '..', '..', 'samples', 'nest', 'tsconfig.json'), '--check']);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/chat-ts\.metadata\.ts is up to date \(2 schemas, 3 tools; from .*samples\/nest\/tsconfig\.json\)/);
    expect(result.code).toBe(0);
  }, 180_000);
});
