import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CassetteFormatError } from '../../errors/cassette-format.error';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette } from './cassette.types';

/** The file name suffix of cassettes. */
export const CASSETTE_SUFFIX = '.cassette.json';

/** The path of cassette `name` in `dir` (`<dir>/<name>.cassette.json`). */
export function cassettePath(dir: string, name: string): string {
  return join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}${CASSETTE_SUFFIX}`);
}

/**
 * Checks that `data` is a cassette this chat-ts reads; throws {@link CassetteFormatError} naming
 * `source` and what is wrong.
 *
 * @example
 * const cassette = parseCassette(JSON.parse(text), 'greeting.cassette.json');
 */
export function parseCassette(data: unknown, source = '<inline>'): Cassette {
  const fail = (why: string): never => {
    throw new CassetteFormatError(`cassette ${source}: ${why}`, { source });
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('not a JSON object');
  const c = data as Partial<Cassette> & { format?: unknown; version?: unknown };
  if (c.format !== CASSETTE_FORMAT) return fail(`format is ${JSON.stringify(c.format)}, expected "${CASSETTE_FORMAT}"`);
  if (c.version !== CASSETTE_VERSION) return fail(`version ${JSON.stringify(c.version)} is not supported (this chat-ts reads version ${CASSETTE_VERSION})`);
  if (!Array.isArray(c.interactions)) return fail('has no "interactions" array');
  c.interactions.forEach((item, i) => {
    if (typeof item?.request?.method !== 'string' || typeof item.request.path !== 'string') fail(`interaction ${i} has no request method and path`);
    if (typeof item.response?.status !== 'number') fail(`interaction ${i} has no response status`);
  });
  return { ...(c as Cassette), name: typeof c.name === 'string' ? c.name : basename(source, CASSETTE_SUFFIX) };
}

/** Reads and checks one cassette file. */
export function readCassetteFile(path: string): Cassette {
  if (!existsSync(path)) throw new CassetteFormatError(`cassette ${path}: no such file`, { source: path });
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CassetteFormatError(`cassette ${path}: not JSON (${(error as Error).message})`, { source: path, cause: error });
  }
  return parseCassette(data, path);
}

/** Reads every `*.cassette.json` of a directory, or the one file given. */
export function loadCassettes(path: string): Cassette[] {
  if (path.endsWith('.json')) return [readCassetteFile(path)];
  if (!existsSync(path)) throw new CassetteFormatError(`cassette directory ${path}: no such directory`, { source: path });
  return readdirSync(path)
    .filter((f) => f.endsWith(CASSETTE_SUFFIX))
    .sort()
    .map((f) => readCassetteFile(join(path, f)));
}

/** Writes a cassette (pretty JSON, through a temporary file so a reader never sees half of it). */
export function writeCassetteFile(path: string, cassette: Cassette): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(cassette, null, 2)}\n`);
  renameSync(temp, path);
}
