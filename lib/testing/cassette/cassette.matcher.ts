import type { JsonValue } from '../../core/json.types';
import { bodyJson } from './cassette.body';
import { jsonDifferences, type CassetteDifference } from './cassette.diff';
import { redactFields, removeFields } from './cassette.redaction';
import type { CassetteInteraction, CassetteRequest } from './cassette.types';

/** A part of a request that the match key compares. */
export type CassetteMatchPart = 'method' | 'path' | 'query' | 'model' | 'body';

/** How replayed requests are matched to recorded ones. */
export interface CassetteMatchOptions {
  /** What must be equal (default: method, path, query, body). */
  readonly on?: readonly CassetteMatchPart[];
  /** Body fields left out of the comparison (dotted paths, `*` wildcards), e.g. `metadata`, `messages.*.id`. */
  readonly ignoreBodyFields?: readonly string[];
  /** The recorder's `requestFields` redaction, applied to received bodies too so that they compare equal. */
  readonly redactedBodyFields?: readonly string[];
  /** Last normalisation of both bodies before comparing (e.g. drop a timestamp). */
  readonly normaliseBody?: (body: JsonValue) => JsonValue;
}

/** The comparable key of a request. */
export interface CassetteKey {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly model?: string;
  readonly body?: JsonValue;
}

const DEFAULT_PARTS: readonly CassetteMatchPart[] = ['method', 'path', 'query', 'body'];

/** The key of a request under these options (ignored fields dropped, redactions applied). */
export function cassetteKey(request: CassetteRequest, options: CassetteMatchOptions): CassetteKey {
  let body = bodyJson(request.body);
  if (body !== undefined && options.redactedBodyFields?.length) body = redactFields(body, options.redactedBodyFields);
  if (body !== undefined && options.ignoreBodyFields?.length) body = removeFields(body, options.ignoreBodyFields);
  if (body !== undefined && options.normaliseBody) body = options.normaliseBody(body);
  return { method: request.method.toUpperCase(), path: request.path, query: request.query, model: modelOf(request.path, bodyJson(request.body)), body };
}

/** The differences between a recorded key and a received key, over the parts compared. */
export function keyDifferences(recorded: CassetteKey, received: CassetteKey, options: CassetteMatchOptions): CassetteDifference[] {
  const parts = options.on ?? DEFAULT_PARTS;
  const out: CassetteDifference[] = [];
  if (parts.includes('method') && recorded.method !== received.method) out.push({ path: 'method', recorded: recorded.method, received: received.method });
  if (parts.includes('path') && recorded.path !== received.path) out.push({ path: 'path', recorded: recorded.path, received: received.path });
  if (parts.includes('query')) out.push(...jsonDifferences(recorded.query, received.query, 'query'));
  if (parts.includes('model') && recorded.model !== received.model) out.push({ path: 'model', recorded: recorded.model ?? null, received: received.model ?? null });
  if (parts.includes('body')) out.push(...jsonDifferences(recorded.body, received.body, 'body'));
  return out;
}

/** Finds the recorded interaction for a received request, or the nearest one with its differences. */
export function findInteraction(
  recorded: readonly CassetteInteraction[],
  received: CassetteRequest,
  options: CassetteMatchOptions,
  used: ReadonlySet<number>,
): { index: number } | { nearest?: number; differences: CassetteDifference[] } {
  const key = cassetteKey(received, options);
  let lastUsedMatch = -1;
  let nearest: { index: number; differences: CassetteDifference[]; score: number } | undefined;
  for (let i = 0; i < recorded.length; i++) {
    const differences = keyDifferences(cassetteKey(recorded[i].request, options), key, options);
    if (differences.length === 0) {
      if (!used.has(i)) return { index: i };
      lastUsedMatch = i;
      continue;
    }
    const score = differences.reduce((s, d) => s + (d.path === 'method' || d.path === 'path' ? 1000 : d.path === 'model' ? 100 : 1), 0);
    if (!nearest || score < nearest.score) nearest = { index: i, differences, score };
  }
  if (lastUsedMatch >= 0) return { index: lastUsedMatch };
  return nearest ? { nearest: nearest.index, differences: nearest.differences } : { differences: [] };
}

function modelOf(path: string, body: JsonValue | undefined): string | undefined {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && typeof body.model === 'string') return body.model;
  const m = /\/models?\/([^/:]+)/.exec(path);
  return m ? decodeURIComponent(m[1]) : undefined;
}
