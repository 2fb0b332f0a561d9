import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedSource } from '../emulator-script.types';
import type { WireContext } from '../emulator-wire.types';

/*
 * `groundingMetadata` of the emulator's Gemini wire, written from Google's "Grounding with Google
 * Search" and "Grounding with Google Maps" guides. Shares no code with chat-ts's Gemini provider.
 */

const asObject = (value: JsonValue | undefined): JsonObject => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
const asArray = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);

/** A web chunk (`{web: {uri, title}}`) or a Maps place chunk (`{maps: {uri, title, placeId}}`). */
function groundingChunk(source: EmulatedSource): JsonObject {
  const title = source.title ?? new URL(source.url).hostname;
  if (source.kind !== 'maps') return { web: { uri: source.url, title } };
  return { maps: { uri: source.url, title, placeId: source.placeId ?? `places/${Buffer.from(title).toString('base64url')}` } };
}

function mapsWidgetAsked(body: JsonValue): boolean {
  return asArray(asObject(body).tools).some((t) => asObject(asObject(t).googleMaps).enableWidget === true);
}

/**
 * The candidate's `groundingMetadata` for the reply's `sources`: search queries and entry point
 * when any web source is cited, the chunks, the Maps widget token when asked for, and one support
 * spanning the whole `text`. Undefined without sources.
 */
export function geminiGroundingMetadata(ctx: WireContext, query: string, text: string): JsonObject | undefined {
  const sources = ctx.reply.sources;
  if (!sources || sources.length === 0) return undefined;
  const metadata: JsonObject = {};
  if (sources.some((s) => s.kind !== 'maps')) {
    metadata.webSearchQueries = [query];
    metadata.searchEntryPoint = { renderedContent: `<div class="container">${query}</div>` };
  }
  metadata.groundingChunks = sources.map(groundingChunk);
  if (sources.some((s) => s.kind === 'maps') && mapsWidgetAsked(ctx.request.body)) metadata.googleMapsWidgetContextToken = `widgetcontent/${ctx.id('maps_')}`;
  if (text !== '') {
    metadata.groundingSupports = [
      { segment: { startIndex: 0, endIndex: Buffer.byteLength(text, 'utf8'), text }, groundingChunkIndices: sources.map((_, i) => i) },
    ];
  }
  return metadata;
}
