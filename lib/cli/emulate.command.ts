import { readFileSync } from 'node:fs';
import type { EmulatorScriptFile } from '../testing/emulator/emulator-script.types';
import type { CliCommand } from './main';

/** Parsed options of `chat-ts emulate`. */
export interface EmulateOptions {
  readonly port: number;
  readonly host: string;
  readonly script?: string;
  /** `--record <dir>`: record cassettes from `--target` into this directory instead of emulating. */
  readonly record?: string;
  /** `--target <url>`: the real API a recording proxies to. */
  readonly target?: string;
  /** `--name <cassette>`: cassette for requests that name none (default `default`). */
  readonly name?: string;
  /** `--redact a.b,c`: request body fields written as `[REDACTED]`. */
  readonly redact?: readonly string[];
  /** `--redact-response a.b,c`: response body fields written as `[REDACTED]`, in whole bodies and in every stream event. */
  readonly redactResponse?: readonly string[];
  /** `--cassettes <dir|file>`: replay these cassettes. */
  readonly cassettes?: string;
  /** `--timing original|instant`: stream timing on replay (default instant). */
  readonly timing?: 'original' | 'instant';
  /** `--match method,path,query,model,body`: what a replayed request must share with a recorded one. */
  readonly match?: ReadonlyArray<'method' | 'path' | 'query' | 'model' | 'body'>;
  /** `--ignore a.b,c`: body fields left out when matching. */
  readonly ignore?: readonly string[];
}

const MATCH_PARTS = ['method', 'path', 'query', 'model', 'body'] as const;
const list = (text: string | undefined, flag: string): string[] => {
  if (!text) throw new Error(`emulate: ${flag} needs a comma-separated list`);
  return text.split(',').map((s) => s.trim()).filter(Boolean);
};

/**
 * Parses `--port N`, `--host H` (bare `--host`: all interfaces), `--script file.json`, and the
 * cassette flags `--record dir --target url [--name n] [--redact fields] [--redact-response fields]` and `--cassettes path
 * [--timing original|instant] [--match parts] [--ignore fields]` (also `--opt=value`).
 */
export function parseEmulateArgs(args: readonly string[]): EmulateOptions {
  let port = 0;
  let host = '127.0.0.1';
  let script: string | undefined;
  const extra: { -readonly [K in keyof EmulateOptions]?: EmulateOptions[K] } = {};
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
    } else if (flag === '--record' || flag === '--cassettes' || flag === '--target' || flag === '--name') {
      const text = value();
      if (!text) throw new Error(`emulate: ${flag} needs a value`);
      extra[flag.slice(2) as 'record' | 'cassettes' | 'target' | 'name'] = text;
    } else if (flag === '--redact' || flag === '--ignore') {
      extra[flag.slice(2) as 'redact' | 'ignore'] = list(value(), flag);
    } else if (flag === '--redact-response') {
      extra.redactResponse = list(value(), flag);
    } else if (flag === '--timing') {
      const text = value();
      if (text !== 'original' && text !== 'instant') throw new Error(`emulate: --timing is original or instant, got ${String(text)}`);
      extra.timing = text;
    } else if (flag === '--match') {
      const parts = list(value(), flag);
      const bad = parts.find((p) => !(MATCH_PARTS as readonly string[]).includes(p));
      if (bad) throw new Error(`emulate: --match takes ${MATCH_PARTS.join(', ')}; got ${bad}`);
      extra.match = parts as EmulateOptions['match'];
    } else {
      throw new Error(`emulate: unknown option ${args[i]}`);
    }
  }
  if (extra.record && !extra.target) throw new Error('emulate: --record needs --target <url> (the real API to record from)');
  if (extra.target && !extra.record) throw new Error('emulate: --target is only used with --record <dir>');
  if (extra.record && (extra.cassettes || script)) throw new Error('emulate: --record cannot be combined with --cassettes or --script');
  if (extra.cassettes && script) throw new Error('emulate: --cassettes cannot be combined with --script');
  if (extra.target) {
    try {
      new URL(extra.target);
    } catch {
      throw new Error(`emulate: --target must be a URL, got ${extra.target}`);
    }
  }
  return { port, host, script, ...extra };
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

/** Resolves at SIGINT, SIGTERM or when `signal` aborts. */
function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}

/** `chat-ts emulate --record dir --target url`: the recording proxy, until stopped. */
async function record(options: EmulateOptions, signal?: AbortSignal): Promise<number> {
  const { CassetteRecorder } = await import('../testing/cassette/cassette.recorder');
  const recorder = await CassetteRecorder.start({
    target: options.target!,
    dir: options.record,
    name: options.name,
    port: options.port,
    host: options.host,
    redaction: { requestFields: options.redact, responseFields: options.redactResponse },
  });
  const shown = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  process.stdout.write(
    `chat-ts recorder listening on http://${shown}:${recorder.port}, recording ${new URL(options.target!).origin} into ${options.record}\n` +
      `  point the provider's base URL here (plus the API's path prefix); /s/<cassette>/ names the cassette\n`,
  );
  await untilStopped(signal);
  await recorder.close();
  process.stdout.write(`chat-ts recorder stopped; cassettes: ${recorder.names().join(', ') || '(none)'}\n`);
  return 0;
}

/**
 * `chat-ts emulate [--port N] [--host [H]] [--script file.json | --cassettes path]`, or
 * `chat-ts emulate --record dir --target url`: runs the provider emulator (or the cassette
 * recorder) until SIGINT/SIGTERM or `signal` aborts.
 */
export const emulateCommand: CliCommand = {
  name: 'emulate',
  summary:
    'emulate [--port N] [--host [H]] [--script file.json | --cassettes dir [--timing original|instant] [--match parts] [--ignore fields]]\n' +
    '          run the provider emulator (default 127.0.0.1, free port), scripted or replaying cassettes\n' +
    '  emulate --record dir --target url [--name cassette] [--redact fields] [--redact-response fields]   record real traffic into cassettes',
  async run(args: readonly string[], signal?: AbortSignal): Promise<number> {
    const options = parseEmulateArgs(args);
    if (options.record) return record(options, signal);
    const script = options.script ? readScript(options.script) : undefined;
    const { ProviderEmulator } = await import('../testing/emulator/provider-emulator');
    let emulator: import('../testing/emulator/provider-emulator').ProviderEmulator;
    if (options.cassettes) {
      const { CassettePlayer } = await import('../testing/cassette/cassette.player');
      const player = new CassettePlayer(options.cassettes, { timing: options.timing, on: options.match, ignoreBodyFields: options.ignore });
      emulator = await player.start({ port: options.port, host: options.host });
    } else {
      emulator = await ProviderEmulator.start({ port: options.port, host: options.host });
    }
    if (script) emulator.load(script);
    const shown = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
    process.stdout.write(emulatorBanner(`http://${shown}:${emulator.port}`));
    if (options.cassettes) process.stdout.write(`  replaying cassettes from ${options.cassettes}; unmatched requests get HTTP 400 cassette_mismatch\n`);
    await untilStopped(signal);
    await emulator.close();
    process.stdout.write('chat-ts emulator stopped\n');
    return 0;
  },
};
