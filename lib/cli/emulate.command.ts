import { readFileSync } from 'node:fs';
import type { EmulatorScriptFile } from '../testing/emulator/emulator-script.types';
import type { CliCommand } from './main';

/** Parsed options of `chat-ts emulate`. */
export interface EmulateOptions {
  readonly port: number;
  readonly host: string;
  readonly script?: string;
}

/** Parses `--port N`, `--host H` (bare `--host`: all interfaces), `--script file.json` (also `--opt=value`). */
export function parseEmulateArgs(args: readonly string[]): EmulateOptions {
  let port = 0;
  let host = '127.0.0.1';
  let script: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = (): string | undefined => (inline !== undefined ? inline : args[i + 1]?.startsWith('--') ? undefined : (i++, args[i]));
    if (flag === '--port' || flag === '-p') {
      const text = value();
      port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`emulate: --port needs a port number, got ${String(text)}`);
    } else if (flag === '--host') {
      host = value() ?? '0.0.0.0';
    } else if (flag === '--script' || flag === '-s') {
      script = value();
      if (!script) throw new Error('emulate: --script needs a file');
    } else {
      throw new Error(`emulate: unknown option ${args[i]}`);
    }
  }
  return { port, host, script };
}

function readScript(file: string): EmulatorScriptFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`emulate: cannot read script ${file}: ${(error as Error).message}`);
  }
  if (Array.isArray(data)) return { replies: data };
  if (typeof data !== 'object' || data === null) throw new Error(`emulate: script ${file} must be an object or an array of replies`);
  return data as EmulatorScriptFile;
}

/** `chat-ts emulate --port N [--host [H]] [--script file.json]`: runs the provider emulator until SIGINT/SIGTERM. */
export const emulateCommand: CliCommand = {
  name: 'emulate',
  summary: 'emulate [--port N] [--host [H]] [--script file.json]   run the provider emulator (default 127.0.0.1, free port)',
  async run(args: readonly string[]): Promise<number> {
    const options = parseEmulateArgs(args);
    const script = options.script ? readScript(options.script) : undefined;
    const { ProviderEmulator } = await import('../testing/emulator/provider-emulator');
    const emulator = await ProviderEmulator.start({ port: options.port, host: options.host });
    if (script) emulator.load(script);
    const shown = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
    process.stdout.write(
      `chat-ts emulator listening on http://${shown}:${emulator.port}\n` +
        `  Chat Completions: http://${shown}:${emulator.port}/v1   Ollama: http://${shown}:${emulator.port}\n` +
        `  sessions: header x-emulator-session or prefix /s/<session>; control: /_emulator/{script,requests,reset}\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await emulator.close();
    process.stdout.write('chat-ts emulator stopped\n');
    return 0;
  },
};
