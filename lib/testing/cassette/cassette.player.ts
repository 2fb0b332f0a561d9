import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue } from '../../core/json.types';
import { CassetteMismatchError } from '../../errors/cassette-mismatch.error';
import type { EmulatorWire } from '../emulator/emulator-wire.types';
import { EMULATOR_SESSION_HEADER, ProviderEmulator, sendJson } from '../emulator/provider-emulator';
import { decodeBody } from './cassette.body';
import { formatDifferences, type CassetteDifference } from './cassette.diff';
import { loadCassettes } from './cassette.file';
import { findInteraction, type CassetteMatchOptions } from './cassette.matcher';
import { queryToRecord } from './cassette.redaction';
import type { Cassette, CassetteInteraction, CassetteRequest } from './cassette.types';

/** Options of {@link CassettePlayer}. */
export interface CassettePlayerOptions extends CassetteMatchOptions {
  /** Stream timing: `original` waits each chunk's recorded delay; `instant` (default) writes at once. Chunking is kept either way. */
  readonly timing?: 'original' | 'instant';
}

/** A request that found no recording. */
export interface CassetteMiss {
  readonly request: CassetteRequest;
  /** The nearest recorded request, if any was recorded. */
  readonly nearest?: CassetteRequest;
  readonly differences: readonly CassetteDifference[];
  /** The text the emulator answered with (and `assertAllMatched()` throws). */
  readonly message: string;
}

interface Loaded {
  readonly cassette: string;
  readonly interaction: CassetteInteraction;
}

/**
 * Replays cassettes: an emulator wire that answers each request with its recorded response
 * (status, headers, body, or the stream with its original chunks), matched by a configurable key.
 * A request that matches nothing is answered with HTTP 400 `cassette_mismatch` naming the nearest
 * recorded request and the differences, and is listed by `misses()`.
 *
 * @example
 * const player = new CassettePlayer('spec/cassettes');
 * const emulator = await player.start();
 * const provider = new ClaudeBuilder().withBaseUrl(emulator.url()).withApiKey('unused').withModel('claude-haiku-4-5').build();
 * // ... run the test; then
 * player.assertAllMatched();
 * await emulator.close();
 */
export class CassettePlayer {
  private readonly interactions: Loaded[] = [];
  private readonly used = new Set<number>();
  private readonly missed: CassetteMiss[] = [];

  /** `cassettes`: cassette objects, or a directory / `.cassette.json` file to read. */
  constructor(cassettes: string | Cassette | readonly Cassette[], private readonly options: CassettePlayerOptions = {}) {
    const list = typeof cassettes === 'string' ? loadCassettes(cassettes) : Array.isArray(cassettes) ? (cassettes as readonly Cassette[]) : [cassettes as Cassette];
    for (const c of list) for (const interaction of c.interactions) this.interactions.push({ cassette: c.name, interaction });
  }

  /** Starts an emulator that replays these cassettes (and speaks nothing else). */
  start(options: { port?: number; host?: string } = {}): Promise<ProviderEmulator> {
    return ProviderEmulator.start({ ...options, wires: [this.wire()] });
  }

  /** Requests that matched no recording, oldest first. */
  misses(): readonly CassetteMiss[] {
    return this.missed;
  }

  /** Recorded interactions never replayed. */
  unused(): readonly CassetteInteraction[] {
    return this.interactions.filter((_, i) => !this.used.has(i)).map((l) => l.interaction);
  }

  /** Throws {@link CassetteMismatchError} when any request matched no recording. */
  assertAllMatched(): void {
    if (this.missed.length === 0) return;
    throw new CassetteMismatchError(this.missed.map((m) => m.message).join('\n\n'), { misses: this.missed.length });
  }

  /** The emulator wire that replays (matches every request; put it first). */
  wire(): EmulatorWire {
    const fail = (): never => {
      throw new Error('the cassette wire answers every request itself');
    };
    return {
      name: 'cassette',
      match: () => ({ kind: 'custom', stream: false }),
      lastUserText: () => undefined,
      renderJson: fail,
      renderStream: fail,
      renderError: fail,
      malformedFrame: () => '',
      handleCustom: (req, res, body, path) => this.replay(req, res, body, path),
    };
  }

  private async replay(req: IncomingMessage, res: ServerResponse, body: JsonValue, path: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const session = /^\/s\/([^/]+)\//.exec(url.pathname)?.[1] ?? req.headers[EMULATOR_SESSION_HEADER];
    const received: CassetteRequest = {
      method: req.method ?? 'GET',
      path,
      query: queryToRecord(url.searchParams),
      headers: {},
      ...(body === '' ? {} : { body: typeof body === 'string' ? { text: body } : { json: body } }),
    };
    const named = typeof session === 'string' ? decodeURIComponent(session) : undefined;
    const pool = this.interactions.map((l, index) => ({ ...l, index })).filter((l) => !named || !this.interactions.some((x) => x.cassette === named) || l.cassette === named);
    const usedInPool = new Set(pool.flatMap((l, i) => (this.used.has(l.index) ? [i] : [])));
    const found = findInteraction(pool.map((l) => l.interaction), received, this.options, usedInPool);
    if ('index' in found) {
      const chosen = pool[found.index];
      this.used.add(chosen.index);
      return this.write(chosen.interaction, res);
    }
    const nearest = found.nearest !== undefined ? pool[found.nearest].interaction.request : undefined;
    const message =
      `cassette: no recorded request matches ${received.method} ${received.path}` +
      (nearest ? `; nearest recorded: ${nearest.method} ${nearest.path}, differing in\n${formatDifferences(found.differences)}` : ' (nothing recorded)');
    this.missed.push({ request: received, nearest, differences: found.differences, message });
    const differences = found.differences.map((d) => ({ path: d.path, recorded: d.recorded ?? null, received: d.received ?? null }));
    sendJson(res, 400, { type: 'error', error: { type: 'cassette_mismatch', code: 'cassette_mismatch', status: 'FAILED_PRECONDITION', message, differences } });
  }

  private async write(interaction: CassetteInteraction, res: ServerResponse): Promise<void> {
    const { response } = interaction;
    if (!response.chunks) {
      const bytes = decodeBody(response.body);
      res.writeHead(response.status, { ...response.headers, 'content-length': String(bytes.length) });
      res.end(bytes);
      return;
    }
    res.writeHead(response.status, { 'cache-control': 'no-cache', ...response.headers });
    res.flushHeaders();
    for (const chunk of response.chunks) {
      if (this.options.timing === 'original' && chunk.delayMs > 0) await new Promise((r) => setTimeout(r, chunk.delayMs));
      if (res.destroyed) return;
      await new Promise<void>((resolve) => res.write(decodeBody(chunk), () => resolve()));
    }
    res.end();
  }
}
