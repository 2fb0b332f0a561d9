import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fixture, waitUntilGone } from './python-test.helpers';

interface Owner {
  readonly hostPid: number;
  readonly exited: Promise<number | null>;
  kill(): void;
}

/** Starts fixtures/host-owner.script.ts in its own Node process and waits for the host pid. */
function startOwner(mode: 'idle' | 'busy' | 'hang'): Promise<Owner> {
  const repo = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', fixture('host-owner.script.ts'), mode], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<Owner>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) resolve({ hostPid: (JSON.parse(line) as { pid: number }).pid, exited, kill: () => child.kill('SIGKILL') });
    });
    void exited.then((code) => reject(new Error(`owner exited (${code}) before reporting: ${stderr}`)));
  });
}

describe('no orphan Python hosts', () => {
  it('lets an idle Node process exit without dispose, and the host goes with it', async () => {
    const owner = await startOwner('idle');
    expect(owner.hostPid).toEqual(expect.any(Number));
    await expect(owner.exited).resolves.toBe(0);
    expect(await waitUntilGone(owner.hostPid)).toBe(true);
  }, 30_000);

  it('kills the host when Node exits during a call', async () => {
    const owner = await startOwner('busy');
    await expect(owner.exited).resolves.toBe(0);
    expect(await waitUntilGone(owner.hostPid)).toBe(true);
  }, 30_000);

  it('ends the host when its Node process is killed (its stdin closes)', async () => {
    const owner = await startOwner('hang');
    owner.kill();
    await owner.exited;
    expect(await waitUntilGone(owner.hostPid)).toBe(true);
  }, 30_000);
});
