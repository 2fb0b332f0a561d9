import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEmulateArgs } from '../../lib/cli/emulate.command';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';

const ROOT = resolve(__dirname, '..', '..');

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) resolvePromise(match[1]);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`emulate exited (${code}) before listening: ${err}`)));
  });
}

describe('chat-ts emulate (CLI)', () => {
  it('parses its options', () => {
    expect(parseEmulateArgs([])).toEqual({ port: 0, host: '127.0.0.1', script: undefined });
    expect(parseEmulateArgs(['--port', '8080', '--script', 's.json', '--host'])).toEqual({ port: 8080, host: '0.0.0.0', script: 's.json' });
    expect(parseEmulateArgs(['--port=9', '--host=::1'])).toEqual({ port: 9, host: '::1', script: undefined });
    expect(() => parseEmulateArgs(['--port', 'x'])).toThrow(/port/);
    expect(() => parseEmulateArgs(['--nope'])).toThrow(/unknown option/);
  });

  it('runs as a child process, serves a script, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-ts-emulate-'));
    const script = join(dir, 'script.json');
    writeFileSync(script, JSON.stringify({ replies: [{ text: 'Scripted hello' }], sessions: { other: [{ text: 'Other hello' }] } }));
    // `npx ts-node --transpile-only lib/cli/main.ts emulate ...`, without npx in between so SIGTERM reaches the emulator.
    const tsNode = require.resolve('ts-node/dist/bin.js');
    const child = spawn(process.execPath, [tsNode, '--transpile-only', 'lib/cli/main.ts', 'emulate', '--port', '0', '--script', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await waitForUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const provider = new ChatCompletionsBuilder().withBaseUrl(`${url}/v1`).withModel('m').build();
      const answer = await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] });
      expect(answer.parts).toEqual([{ type: 'text', text: 'Scripted hello' }]);
      const other = new ChatCompletionsBuilder().withBaseUrl(`${url}/s/other/v1`).withModel('m').build();
      expect((await other.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] })).parts[0]).toEqual({
        type: 'text',
        text: 'Other hello',
      });
      const recorded = await (await fetch(`${url}/_emulator/requests/default`)).json();
      expect(recorded).toHaveLength(1);
    } finally {
      const exited = new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (code) => r(code))));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      expect(await exited).toBe(0);
      clearTimeout(timer);
    }
  }, 60_000);
});
