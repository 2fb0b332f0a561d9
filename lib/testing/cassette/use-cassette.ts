import { existsSync } from 'node:fs';
import { ConfigurationError } from '../../errors/configuration.error';
import type { ProviderEmulator } from '../emulator/provider-emulator';
import { cassettePath } from './cassette.file';
import { CassettePlayer, type CassettePlayerOptions } from './cassette.player';
import type { RedactionOptions } from './cassette.redaction';
import { CassetteRecorder } from './cassette.recorder';

/** Options of {@link useCassette} and {@link openCassette}. */
export interface UseCassetteOptions extends CassettePlayerOptions {
  /** Where cassettes live (default `cassettes`, relative to the working directory). */
  readonly dir?: string;
  /** The real API to record from, e.g. `https://api.anthropic.com`. */
  readonly target: string;
  /** Environment variable holding the real API key (e.g. `ANTHROPIC_API_KEY`): recording needs it. */
  readonly apiKeyEnv: string;
  readonly redaction?: RedactionOptions;
  /** Environment to read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The placeholder key a provider gets in replay mode. */
export const CASSETTE_REPLAY_KEY = 'cassette-replay-key';

/**
 * One cassette in use: in `record` mode a recording proxy to the real API, in `replay` mode the
 * emulator replaying the cassette. Point the provider at `url()` with `apiKey`.
 */
export class CassetteHandle {
  private recorder?: CassetteRecorder;
  private emulator?: ProviderEmulator;
  private player?: CassettePlayer;
  /** `record` (writes the cassette from real traffic) or `replay`; known once started. */
  mode: 'record' | 'replay' | undefined;

  constructor(
    readonly name: string,
    private readonly options: UseCassetteOptions,
  ) {}

  /** The cassette file. */
  get file(): string {
    return cassettePath(this.options.dir ?? 'cassettes', this.name);
  }

  /** The key to give the provider: the real one while recording, a placeholder in replay. */
  get apiKey(): string {
    return this.mode === 'record' ? this.realKey()! : CASSETTE_REPLAY_KEY;
  }

  /** Base URL for the provider (plus `path`, e.g. `/v1`). */
  url(path = ''): string {
    const server = this.recorder ?? this.emulator;
    if (!server) throw new ConfigurationError(`cassette ${this.name}: not started (use it inside a test, after beforeAll)`);
    return server.url(path, this.name);
  }

  /** Decides the mode and starts the recorder or the replaying emulator. */
  async start(): Promise<void> {
    const env = this.options.env ?? process.env;
    const forced = env.CHAT_TS_RECORD === '1' || env.CHAT_TS_RECORD === 'true';
    const key = this.realKey();
    const recorded = existsSync(this.file);
    if (forced || !recorded) {
      if (!key) {
        const why = forced ? 'CHAT_TS_RECORD is set' : `${this.file} does not exist yet`;
        throw new ConfigurationError(`cassette ${this.name}: ${why}, and recording needs the API key in ${this.options.apiKeyEnv}`);
      }
      this.mode = 'record';
      this.recorder = await CassetteRecorder.start({ target: this.options.target, dir: this.options.dir ?? 'cassettes', name: this.name, redaction: this.options.redaction });
      return;
    }
    this.mode = 'replay';
    const redacted = this.options.redactedBodyFields ?? this.options.redaction?.requestFields;
    this.player = new CassettePlayer(this.file, { ...this.options, redactedBodyFields: redacted });
    this.emulator = await this.player.start();
  }

  /** Stops; in replay mode throws {@link CassetteMismatchError} when a request matched no recording. */
  async stop(): Promise<void> {
    await this.recorder?.close();
    await this.emulator?.close();
    this.player?.assertAllMatched();
  }

  private realKey(): string | undefined {
    const value = (this.options.env ?? process.env)[this.options.apiKeyEnv];
    return value ? value : undefined;
  }
}

/** A cassette handle started and stopped by you (any test runner). */
export function openCassette(name: string, options: UseCassetteOptions): CassetteHandle {
  return new CassetteHandle(name, options);
}

type Hook = (fn: () => Promise<void>, timeout?: number) => void;

/**
 * Jest helper: uses cassette `name` for the enclosing `describe`. The first run records real
 * traffic when the API key is set (and `CHAT_TS_RECORD=1` forces re-recording); later runs replay
 * offline, and the suite fails with {@link CassetteMismatchError} when a request matched no recording.
 *
 * @example
 * describe('greeting', () => {
 *   const cassette = useCassette('greeting', { target: 'https://api.anthropic.com', apiKeyEnv: 'ANTHROPIC_API_KEY' });
 *   it('greets', async () => {
 *     const provider = new ClaudeBuilder().withBaseUrl(cassette.url()).withApiKey(cassette.apiKey).withModel('claude-haiku-4-5').build();
 *     const reply = await new ChatBuilder().withModel(provider).build().complete(Messages.fromUser('Hi'));
 *     expect(reply.text).toContain('Hello');
 *   });
 * });
 */
export function useCassette(name: string, options: UseCassetteOptions): CassetteHandle {
  const hooks = globalThis as unknown as { beforeAll?: Hook; afterAll?: Hook };
  if (typeof hooks.beforeAll !== 'function' || typeof hooks.afterAll !== 'function') {
    throw new ConfigurationError('useCassette() needs Jest (or a runner with global beforeAll/afterAll); use openCassette() elsewhere');
  }
  const handle = new CassetteHandle(name, options);
  hooks.beforeAll(() => handle.start());
  hooks.afterAll(() => handle.stop());
  return handle;
}
