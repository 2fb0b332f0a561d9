import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** Runs `chat-ts <args>` as a child process (`node ts-node lib/cli/main.ts`), with its exit code and output. */
function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const tsNode = require.resolve('ts-node/dist/bin.js');
  return new Promise((done) => {
    execFile(process.execPath, [tsNode, '--transpile-only', 'lib/cli/main.ts', ...args], { cwd: ROOT }, (error, out, err) => {
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, out, err });
    });
  });
}

describe('chat-ts (CLI entry point)', () => {
  it('with no command: prints usage naming every command on stderr and exits non-zero', async () => {
    const result = await cli([]);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain('chat-ts: no command given');
    expect(result.err).toContain('Usage: chat-ts <command> [options]');
    expect(result.err).toMatch(/^ {2}emulate\b/m);
    expect(result.err).toMatch(/^ {2}schema\b/m);
  });

  it('with an unknown command: names it, prints usage and exits non-zero', async () => {
    const result = await cli(['emulat']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('chat-ts: unknown command "emulat"');
    expect(result.err).toContain('Usage: chat-ts <command> [options]');
  });

  it('with --help: prints usage on stdout and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: chat-ts <command> [options]');
    expect(result.err).toBe('');
  });
});
