import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { emulatorBanner, emulatorEndpoints, parseEmulateArgs } from '../../lib/cli/emulate.command';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';

const ROOT = resolve(__dirname, '..', '..');

/** Resolves with the emulator's URL and the banner it printed, once the banner is complete. */
function waitForUrl(child: ChildProcess): Promise<{ url: string; banner: string }> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match && out.includes('control:')) resolvePromise({ url: match[1], banner: out });
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

  it('names the base URL of every wire it serves', () => {
    const banner = emulatorBanner('http://127.0.0.1:4000');
    expect(banner.split('\n')[0]).toBe('chat-ts emulator listening on http://127.0.0.1:4000');
    for (const [wire, base] of [
      ['Chat Completions', 'http://127.0.0.1:4000/v1'],
      ['Responses', 'http://127.0.0.1:4000/v1'],
      ['Messages', 'http://127.0.0.1:4000'],
      ['Gemini', 'http://127.0.0.1:4000'],
      ['Ollama', 'http://127.0.0.1:4000'],
    ]) {
      expect(banner).toMatch(new RegExp(`^  ${wire}: +${base.replace(/[.]/g, '\\.')} `, 'm'));
    }
  });

  it('runs as a child process, serves a script, answers each official SDK at the base URL it printed, and stops on SIGTERM', async () => {
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
      const { url, banner } = await waitForUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(banner.startsWith(emulatorBanner(url))).toBe(true);
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

      // Every printed base URL works as is with its provider's official SDK (echo replies: the script is used up).
      const base = (wire: string): string => {
        const line = banner.split('\n').find((l) => l.trimStart().startsWith(`${wire}:`));
        return /(http:\/\/\S+)/.exec(line ?? '')![1];
      };
      expect(emulatorEndpoints(url).map((e) => base(e.wire))).toEqual(emulatorEndpoints(url).map((e) => e.baseUrl));
      const openai = new OpenAI({ apiKey: 'k', baseURL: base('Chat Completions'), maxRetries: 0 });
      expect((await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'cc' }] })).choices[0].message.content).toBe('Emulated reply to: cc');
      const responses = new OpenAI({ apiKey: 'k', baseURL: base('Responses'), maxRetries: 0 });
      expect((await responses.responses.create({ model: 'm', input: 'rs' })).output_text).toBe('Emulated reply to: rs');
      const anthropic = new Anthropic({ apiKey: 'k', baseURL: base('Messages'), maxRetries: 0 });
      const message = await anthropic.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'ms' }] });
      expect(message.content[0]).toMatchObject({ type: 'text', text: 'Emulated reply to: ms' });
      const gemini = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: base('Gemini'), fetch: (i, init) => fetch(i, init), retryOptions: { attempts: 1 } } });
      expect((await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'gm' })).text).toBe('Emulated reply to: gm');
      const ollama = new Ollama({ host: base('Ollama') });
      expect((await ollama.chat({ model: 'm', messages: [{ role: 'user', content: 'ol' }] })).message.content).toBe('Emulated reply to: ol');
    } finally {
      const exited = new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (code) => r(code))));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      expect(await exited).toBe(0);
      clearTimeout(timer);
    }
  }, 60_000);
});
