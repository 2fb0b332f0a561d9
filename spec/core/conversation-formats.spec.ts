import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONVERSATION_FORMAT_VERSION, Messages } from '../../lib/core/messages';

/**
 * Every released conversation format stays readable: `spec/core/formats/` keeps one saved file per
 * format version, written by that release. Never edit them; add a new one when the format changes.
 */
const dir = join(__dirname, 'formats');
const files = readdirSync(dir).filter((f) => /^conversation\.v\d+\.json$/.test(f));

describe('saved conversation formats', () => {
  it('keeps a saved file for every format version up to the current one', () => {
    const versions = files.map((f) => Number(/v(\d+)/.exec(f)![1])).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: CONVERSATION_FORMAT_VERSION }, (_, i) => i + 1));
  });

  it.each(files)('loads %s with every part kind intact and saves it back identically', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const saved = JSON.parse(text) as { formatVersion: number; messages: unknown[] };
    const messages = Messages.fromJSON(text);
    expect(messages.length).toBe(saved.messages.length);
    const kinds = new Set(messages.toArray().flatMap((m) => m.parts.map((p) => p.type)));
    expect([...kinds].sort()).toEqual(['file', 'image', 'provider', 'reasoning', 'text', 'tool-call', 'tool-result']);
    expect(messages.pendingToolCalls().map((c) => c.id)).toEqual(['toolu_02']);
    if (saved.formatVersion === CONVERSATION_FORMAT_VERSION) expect(JSON.parse(JSON.stringify(messages))).toEqual(saved);
  });
});
