import { CassetteFormatError } from '../../errors/cassette-format.error';
import { headersToRecord, queryToRecord } from './cassette.redaction';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteBody, type CassetteChunk, type CassetteInteraction } from './cassette.types';

interface HttpMessage {
  readonly startLine: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * Converts an `httprr trace v1` file (langchaingo's exact HTTP/1.1 bytes) into a chat-ts cassette.
 * A `Transfer-Encoding: chunked` response becomes one cassette chunk per HTTP chunk, so its
 * original chunking replays.
 *
 * @example
 * const cassette = importHttprr(readFileSync('TestClient_GenerateChatStream.httprr'), 'ollama-stream');
 */
export function importHttprr(bytes: Buffer, name: string): Cassette {
  const header = 'httprr trace v1\n';
  if (bytes.subarray(0, header.length).toString('latin1') !== header) throw new CassetteFormatError(`httprr ${name}: not an "httprr trace v1" file`, { source: name });
  const interactions: CassetteInteraction[] = [];
  let at = header.length;
  while (at < bytes.length) {
    const eol = bytes.indexOf(0x0a, at);
    const m = /^(\d+) (\d+)$/.exec(bytes.subarray(at, eol).toString('latin1'));
    if (!m) throw new CassetteFormatError(`httprr ${name}: bad length line at byte ${at}`, { source: name });
    const requestEnd = eol + 1 + Number(m[1]);
    const request = parseMessage(bytes.subarray(eol + 1, requestEnd));
    const response = parseMessage(bytes.subarray(requestEnd, requestEnd + Number(m[2])));
    at = requestEnd + Number(m[2]);
    const [method, target] = request.startLine.split(' ');
    const url = new URL(target, 'http://imported');
    const status = Number(response.startLine.split(' ')[1]);
    const chunked = /chunked/i.test(response.headers['transfer-encoding'] ?? '');
    const chunks = chunked ? dechunk(response.body) : undefined;
    interactions.push({
      recordedAt: new Date(0).toISOString(),
      latencyMs: 0,
      request: {
        method,
        path: url.pathname,
        query: queryToRecord(url.searchParams),
        headers: headersToRecord(request.headers, 'request'),
        ...(request.body.length ? { body: asBody(request.body) } : {}),
      },
      response: {
        status,
        headers: headersToRecord(response.headers, 'response'),
        ...(chunks ? { chunks: chunks.map((c): CassetteChunk => ({ delayMs: 0, ...asBody(c, false) })) } : { body: asBody(response.body) }),
      },
    });
  }
  return { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, name, target: 'imported:httprr', interactions };
}

function parseMessage(bytes: Buffer): HttpMessage {
  const end = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, end < 0 ? bytes.length : end).toString('latin1').split(/\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { startLine: head[0], headers, body: end < 0 ? Buffer.alloc(0) : bytes.subarray(end + 4) };
}

function dechunk(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return out;
}

function asBody(bytes: Buffer, json = true): CassetteBody {
  const text = bytes.toString('utf8');
  if (json) {
    try {
      return { json: JSON.parse(text) };
    } catch {
      // kept as text
    }
  }
  return { text };
}
