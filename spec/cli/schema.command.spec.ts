import { join } from 'node:path';
import { schemaCommand } from '../../lib/cli/schema.command';

/** Runs the command with stdout/stderr captured. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await schemaCommand.run(args), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('chat-ts schema arguments', () => {
  it('prints usage on --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: chat-ts schema [project] [-p tsconfig] [-o file] [--check | --watch]');
    expect(result.out).toContain('npm i -D typescript-json-schema');
  });

  it('refuses unknown arguments and missing values', async () => {
    await expect(run(['--bogus'])).resolves.toMatchObject({ code: 1, err: expect.stringContaining('chat-ts schema: unknown argument --bogus') });
    await expect(run(['--check', '--watch'])).resolves.toMatchObject({ code: 1, err: expect.stringContaining('--check and --watch do not go together') });
    await expect(run(['-p'])).resolves.toMatchObject({ code: 1, err: expect.stringContaining('-p needs a value') });
  });

  it('names a missing tsconfig', async () => {
    const missing = join(__dirname, 'nowhere', 'tsconfig.json');
    const result = await run(['-p', missing]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`chat-ts schema: ${missing} not found (chosen by -p); give the project's tsconfig with -p`);
  });
});
