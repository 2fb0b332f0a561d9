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

/** One wire the emulator serves, with the base URL a client (or its official SDK) is given. */
export interface EmulatorEndpoint {
  /** The wire's name, as printed (`Chat Completions`, `Responses`, `Messages`, `Gemini`, `Ollama`). */
  readonly wire: string;
  /** Base URL to configure in the client. */
  readonly baseUrl: string;
  /** What the client then calls, and which SDK option takes the base URL. */
  readonly note: string;
}

/**
 * The base URL of every wire the emulator serves at `origin` (e.g. `http://127.0.0.1:4000`), as
 * `chat-ts emulate` prints them: each is what the provider's official SDK takes as its base URL.
 *
 * @example
 * emulatorEndpoints('http://127.0.0.1:4000').find((e) => e.wire === 'Messages')?.baseUrl; // 'http://127.0.0.1:4000'
 */
export function emulatorEndpoints(origin: string): EmulatorEndpoint[] {
  return [
    { wire: 'Chat Completions', baseUrl: `${origin}/v1`, note: 'POST /chat/completions, /embeddings (openai: baseURL)' },
    { wire: 'Responses', baseUrl: `${origin}/v1`, note: 'POST /responses, WebSocket /responses (openai: baseURL)' },
    { wire: 'Messages', baseUrl: origin, note: 'POST /v1/messages (@anthropic-ai/sdk: baseURL)' },
    { wire: 'Gemini', baseUrl: origin, note: 'POST /v1beta/models/<model>:generateContent, :streamGenerateContent, :embedContent (@google/genai: httpOptions.baseUrl)' },
    { wire: 'Ollama', baseUrl: origin, note: 'POST /api/chat, /api/embed, /api/pull; GET /api/tags (ollama: host)' },
  ];
}

/** The banner `chat-ts emulate` prints once it listens. */
export function emulatorBanner(origin: string): string {
  const endpoints = emulatorEndpoints(origin);
  const width = Math.max(...endpoints.map((e) => e.wire.length)) + 1;
  const urlWidth = Math.max(...endpoints.map((e) => e.baseUrl.length)) + 2;
  return (
    `chat-ts emulator listening on ${origin}\n` +
    endpoints.map((e) => `  ${`${e.wire}:`.padEnd(width)} ${e.baseUrl.padEnd(urlWidth)}${e.note}\n`).join('') +
    `  sessions: header x-emulator-session or prefix /s/<session>; control: /_emulator/{script,requests,reset}\n`
  );
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
    process.stdout.write(emulatorBanner(`http://${shown}:${emulator.port}`));
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
