import { basename } from 'node:path';
import { NdjsonParser } from '../../lib/transport/ndjson.parser';
import { describeWithFixtures, fixtureFiles, readExchanges, type RecordedExchange } from '../support/fixtures';
import { eventEnds, rechunk, seededRandom, seedOf } from '../support/untidy-replay';

/**
 * Ollama's native NDJSON streams as recorded (`/api/chat`, `/api/generate`): chat-ts reads this
 * framing with `NdjsonParser` (the Ollama builder's model pull, and any native stream). Each recorded
 * body, re-chunked at random byte boundaries (splitting lines, CRLFs and UTF-8 characters), gives
 * exactly the lines of the body read whole; cut after each line, it gives a prefix of them and
 * never a line that was not sent whole.
 */
function lines(pieces: readonly Buffer[]): string[] {
  const out: string[] = [];
  const parser = new NdjsonParser((line) => out.push(line));
  for (const piece of pieces) parser.push(piece);
  parser.end();
  return out;
}

const isNdjsonStream = (e: RecordedExchange): boolean => (e.headers['content-type'] ?? '').includes('ndjson') && e.status === 200;

describeWithFixtures("Ollama's recorded native NDJSON streams, re-chunked and cut", () => {
  const streams = fixtureFiles('ollama', (n) => n.endsWith('.httprr')).flatMap((file) =>
    readExchanges(file)
      .filter(isNdjsonStream)
      .map((exchange) => ({ label: `${basename(file)}#${exchange.index}`, exchange })),
  );

  it('the recordings hold native streams of /api/chat and /api/generate', () => {
    const paths = new Set(streams.map((s) => new URL(s.exchange.url).pathname));
    expect(paths).toEqual(new Set(['/api/chat', '/api/generate']));
    expect(streams.length).toBeGreaterThanOrEqual(4);
  });

  it.each(streams.map((s) => [s.label, s.exchange] as const))('%s', (label, exchange) => {
    const bytes = Buffer.from(exchange.body, 'utf8');
    const whole = lines([bytes]);
    const objects = whole.map((line) => JSON.parse(line) as { done?: boolean });
    expect(objects.length).toBeGreaterThan(1);
    expect(objects.at(-1)?.done).toBe(true);
    expect(objects.slice(0, -1).every((o) => o.done === false)).toBe(true);

    const random = seededRandom(seedOf(label));
    const pieces = rechunk(bytes, random);
    expect(pieces.length).toBeGreaterThan(1);
    expect(lines(pieces)).toEqual(whole);

    for (const end of eventEnds(bytes, 'ndjson')) {
      const cut = lines(rechunk(bytes.subarray(0, end), random));
      expect(cut).toEqual(whole.slice(0, cut.length));
      expect(cut.length).toBeLessThan(whole.length);
    }
  });
});
