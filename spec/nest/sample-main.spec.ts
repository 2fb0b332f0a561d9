import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const tsNode = require.resolve('ts-node/dist/bin');

/** Runs `samples/nest/main.ts` the way `npm run demo:nest` does. */
function startMain(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [tsNode, '--transpile-only', join(root, 'samples', 'nest', 'main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('samples/nest/main.ts (npm run demo:nest)', () => {
  it('--once starts the app against the emulator, asks itself one question, prints the answer and exits 0', async () => {
    const run = startMain(['--once']);
    const code = await run.exit;
    expect(run.output()).toMatch(/chat-ts NestJS sample listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(run.output()).toContain('A: Your order A-1001, a mechanical keyboard for €89, has shipped.');
    expect(run.output()).toContain('(tools: find_order)');
    expect(code).toBe(0);
  }, 60_000);

  it('prints its URL, serves, and exits cleanly on SIGTERM', async () => {
    const run = startMain([]);
    try {
      await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.test(run.output()), 45_000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1];
      const audit = await fetch(`${url}/audit`);
      expect(audit.status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(run.output()).toContain('SIGTERM: shutting down');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 60_000);
});
