import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulateCommand, parseEmulateArgs } from '../../lib/cli/emulate.command';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { readCassetteFile } from '../../lib/testing';
import { FixtureServer } from '../support/fixture-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Resolves once something listens on the port (the command started). */
async function listening(port: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listens on ${port}`);
}

const ask = (text: string) => ({ messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text }] }] });

describe('chat-ts emulate: cassette flags', () => {
  it('parses the record and replay flags, and refuses contradictory or malformed ones', () => {
    expect(parseEmulateArgs(['--record', 'c', '--target', 'https://api.anthropic.com', '--name', 'n', '--redact', 'metadata.user_id,user'])).toEqual({
      port: 0,
      host: '127.0.0.1',
      script: undefined,
      record: 'c',
      target: 'https://api.anthropic.com',
      name: 'n',
      redact: ['metadata.user_id', 'user'],
    });
    expect(parseEmulateArgs(['--record', 'c', '--target', 'https://api.openai.com', '--redact-response', 'system_fingerprint,choices.*.logprobs'])).toMatchObject({
      redactResponse: ['system_fingerprint', 'choices.*.logprobs'],
    });
    expect(() => parseEmulateArgs(['--record', 'c', '--target', 'https://x', '--redact-response'])).toThrow(/--redact-response needs a comma-separated list/);
    expect(parseEmulateArgs(['--cassettes=c', '--timing', 'original', '--match', 'method,path,model', '--ignore', 'metadata'])).toMatchObject({
      cassettes: 'c',
      timing: 'original',
      match: ['method', 'path', 'model'],
      ignore: ['metadata'],
    });
    expect(() => parseEmulateArgs(['--record', 'c'])).toThrow(/--record needs --target/);
    expect(() => parseEmulateArgs(['--target', 'https://x'])).toThrow(/only used with --record/);
    expect(() => parseEmulateArgs(['--record', 'c', '--target', 'not a url'])).toThrow(/--target must be a URL/);
    expect(() => parseEmulateArgs(['--cassettes', 'c', '--script', 's.json'])).toThrow(/cannot be combined/);
    expect(() => parseEmulateArgs(['--timing', 'slow'])).toThrow(/original or instant/);
    expect(() => parseEmulateArgs(['--match', 'method,colour'])).toThrow(/got colour/);
  });

  it('records through `--record` and replays through `--cassettes`, with the recorded server closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-ts-cli-cassettes-'));
    const real = await FixtureServer.start();
    real.setDefault((request) => {
      const text = `Answer to ${(request.json as { messages: Array<{ content: string }> }).messages[0].content}`;
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'c1', object: 'chat.completion', model: 'm', system_fingerprint: 'fp_cli_private_0042', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] }) };
    });
    const stopRecording = new AbortController();
    const stopReplay = new AbortController();
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const port = await freePort();
      const recording = emulateCommand.run(['--record', dir, '--target', real.url(), '--name', 'cli', '--redact-response', 'system_fingerprint', '--port', String(port)], stopRecording.signal);
      await listening(port);
      const viaRecorder = new ChatCompletionsBuilder().withBaseUrl(`http://127.0.0.1:${port}/v1`).withApiKey('sk-cli-secret-0000000000').withModel('m').build();
      expect((await viaRecorder.complete(ask('one'))).parts).toEqual([{ type: 'text', text: 'Answer to one' }]);
      stopRecording.abort();
      await expect(recording).resolves.toBe(0);
      await real.close();
      expect(readFileSync(join(dir, 'cli.cassette.json'), 'utf8')).not.toContain('sk-cli-secret');
      expect(readFileSync(join(dir, 'cli.cassette.json'), 'utf8')).not.toContain('fp_cli_private');
      expect(readFileSync(join(dir, 'cli.cassette.json'), 'utf8')).toContain('"system_fingerprint": "[REDACTED]"');
      expect(readCassetteFile(join(dir, 'cli.cassette.json')).interactions).toHaveLength(1);

      const replayPort = await freePort();
      const replaying = emulateCommand.run(['--cassettes', dir, '--port', String(replayPort)], stopReplay.signal);
      await listening(replayPort);
      const viaReplay = new ChatCompletionsBuilder().withBaseUrl(`http://127.0.0.1:${replayPort}/v1`).withApiKey('other').withModel('m').build();
      expect((await viaReplay.complete(ask('one'))).parts).toEqual([{ type: 'text', text: 'Answer to one' }]);
      await expect(viaReplay.complete(ask('two'))).rejects.toThrow(/cassette: no recorded request matches POST \/v1\/chat\/completions[\s\S]*body\.messages\[0\]\.content[\s\S]*"one"[\s\S]*"two"/);
      stopReplay.abort();
      await expect(replaying).resolves.toBe(0);
    } finally {
      stopRecording.abort();
      stopReplay.abort();
      write.mockRestore();
      await real.close().catch(() => undefined);
    }
  });
});
