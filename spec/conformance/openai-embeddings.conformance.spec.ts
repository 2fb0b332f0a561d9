import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidRequestError } from '../../lib/errors';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { ResponsesFixtureServer } from '../support/responses-fixture-server';
import { fixturesRoot } from '../support/fixtures';
import { readCassette } from '../support/responses-fixtures';
import { rejection } from '../support/responses-helpers';

type Raw = { data: { index: number; embedding: number[] | string }[]; usage?: { prompt_tokens: number } };

/** The exchanges of an `.httprr` trace: request body and response status/body, read by byte count. */
function readHttprr(path: string): { request: string; status: number; body: string }[] {
  const bytes = readFileSync(path);
  let offset = bytes.indexOf('\n') + 1;
  const out: { request: string; status: number; body: string }[] = [];
  while (offset < bytes.length) {
    const eol = bytes.indexOf('\n', offset);
    const [reqLen, resLen] = bytes.subarray(offset, eol).toString().trim().split(' ').map(Number);
    const request = bytes.subarray(eol + 1, eol + 1 + reqLen).toString('utf8');
    const response = bytes.subarray(eol + 1 + reqLen, eol + 1 + reqLen + resLen).toString('utf8');
    const split = response.search(/\r?\n\r?\n/);
    out.push({ request: request.slice(request.search(/\r?\n\r?\n/)).trim(), status: Number(response.split(' ')[1]), body: response.slice(split).trim() });
    offset = eol + 1 + reqLen + resLen;
  }
  return out;
}

function expectVectors(vectors: Float32Array[], raw: Raw): void {
  const sorted = [...raw.data].sort((a, b) => a.index - b.index);
  expect(vectors).toHaveLength(sorted.length);
  sorted.forEach((item, i) => {
    if (typeof item.embedding === 'string') {
      const bytes = Buffer.from(item.embedding, 'base64');
      expect(vectors[i].length).toBe(bytes.length / 4);
      expect(vectors[i][0]).toBe(bytes.readFloatLE(0));
      expect(vectors[i][vectors[i].length - 1]).toBe(bytes.readFloatLE(bytes.length - 4));
    } else {
      expect(Array.from(vectors[i])).toEqual(item.embedding.map((x) => Math.fround(x)));
    }
  });
}

const root = fixturesRoot();
if (!root) {
  if (process.env.CI) it('finds the recorded fixtures', () => expect(root).toBeDefined());
  else it('recorded fixtures not found, conformance not run', () => console.log('recorded fixtures not found, conformance not run'));
} else {
  describe('OpenAI embeddings conformance on recorded traffic', () => {
    const dir = join(root, 'openai-embeddings');
    const files = readdirSync(dir).sort();
    let server: ResponsesFixtureServer;
    let checked = 0;
    beforeAll(async () => (server = await ResponsesFixtureServer.start()));
    afterAll(async () => {
      await server.close();
      console.log(`OpenAI embeddings conformance: ${checked} of ${files.length} recorded files checked`);
    });
    const provider = () => new OpenAIBuilder().withCustomUrl(server.url).withApiKey('sk-conformance-0000').withModel('m').withEmbeddings('text-embedding-3-small').build();

    const replay = async (request: Record<string, unknown>, status: number, body: string) => {
      server.serve({ status, headers: { 'content-type': 'application/json' }, body });
      const texts = request.input as string[];
      const options = { texts, dimensions: request.dimensions as number | undefined, encoding: request.encoding_format as 'float' | 'base64' | undefined };
      if (status >= 400) {
        const failure = await rejection(provider().embed(options));
        expect(failure).toBeInstanceOf(InvalidRequestError);
        expect(failure).toMatchObject({ status, code: 'model_not_found' });
        return;
      }
      const raw = JSON.parse(body) as Raw;
      const result = await provider().embed(options);
      expectVectors(result.vectors, raw);
      expect(result.usage.inputTokens).toBe(raw.usage?.prompt_tokens ?? 0);
      const sent = JSON.parse(server.received[server.received.length - 1].body) as Record<string, unknown>;
      expect(sent.input).toEqual(texts);
      if (request.dimensions) expect(sent.dimensions).toBe(request.dimensions);
    };

    for (const name of files) {
      it(`replays ${name}`, async () => {
        const path = join(dir, name);
        if (name.endsWith('.json')) {
          const raw = JSON.parse(readFileSync(path, 'utf8')) as Raw;
          await replay({ input: raw.data.map((_, i) => `text ${i}`) }, 200, readFileSync(path, 'utf8'));
        } else if (name.endsWith('.httprr')) {
          for (const ex of readHttprr(path)) await replay(JSON.parse(ex.request) as Record<string, unknown>, ex.status, ex.body);
        } else {
          for (const ex of readCassette(path)) await replay(ex.requestBody, ex.status, ex.body);
        }
        checked++;
      });
    }
  });
}
