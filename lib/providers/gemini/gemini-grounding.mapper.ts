import type { ContentPart, Source, TextPart } from '../../core/content-part.types';
import type { GeminiGroundingChunk, GeminiGroundingMetadata } from './gemini-wire.types';

function chunkSource(chunk: GeminiGroundingChunk | undefined): Source | undefined {
  const found = chunk?.web ?? chunk?.maps ?? chunk?.retrievedContext;
  if (!found?.uri) return undefined;
  return found.title ? { url: found.uri, title: found.title } : { url: found.uri };
}

/** Converts a UTF-8 byte offset in `text` into a UTF-16 character offset. */
export function byteToCharOffset(text: string, bytes: number): number {
  let count = 0;
  let index = 0;
  for (const char of text) {
    if (count >= bytes) break;
    count += Buffer.byteLength(char, 'utf8');
    index += char.length;
  }
  return index;
}

function addSource(added: Map<TextPart, Source[]>, part: TextPart, source: Source): void {
  let list = added.get(part);
  if (!list) added.set(part, (list = [...(part.sources ?? [])]));
  const same = list.some((s) => s.url === source.url && s.startIndex === source.startIndex && s.endIndex === source.endIndex);
  if (!same) list.push(source);
}

/**
 * Puts Google Search / Google Maps grounding on the answer's text parts as `sources`: each
 * supported segment gets its chunks with a character range (found by the segment's text, or
 * converted from Gemini's byte offsets); chunks no segment cites go on the last text part.
 */
export function attachGroundingSources(parts: ContentPart[], metadata: GeminiGroundingMetadata | undefined): void {
  if (!metadata) return;
  const added = new Map<TextPart, Source[]>();
  const texts = parts.filter((p): p is TextPart => p.type === 'text');
  const last = texts[texts.length - 1];
  if (!last) return;
  const chunks = metadata.groundingChunks ?? [];
  const cited = new Set<number>();
  for (const support of metadata.groundingSupports ?? []) {
    const segment = support.segment;
    let target = last;
    let start: number | undefined;
    let end: number | undefined;
    const holder = segment?.text ? texts.find((t) => t.text.includes(segment.text as string)) : undefined;
    if (holder && segment?.text) {
      target = holder;
      start = holder.text.indexOf(segment.text);
      end = start + segment.text.length;
    } else if (segment?.endIndex !== undefined) {
      start = byteToCharOffset(last.text, segment.startIndex ?? 0);
      end = byteToCharOffset(last.text, segment.endIndex);
    }
    for (const index of support.groundingChunkIndices ?? []) {
      const source = chunkSource(chunks[index]);
      if (!source) continue;
      cited.add(index);
      addSource(added, target, start === undefined ? source : { ...source, startIndex: start, endIndex: end });
    }
  }
  chunks.forEach((chunk, index) => {
    const source = chunkSource(chunk);
    if (source && !cited.has(index)) addSource(added, last, source);
  });
  // parts are immutable values: each text part that gained sources is replaced by a copy holding them
  for (const [part, sources] of added) parts[parts.indexOf(part)] = { ...part, sources };
}
