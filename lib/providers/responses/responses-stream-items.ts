import type { JsonObject } from '../../core/json.types';
import type { WireAnnotation, WireOutputItem } from './responses-wire.types';

/** One output item as a Responses stream builds it, event by event. */
export interface ItemState {
  index: number;
  item: WireOutputItem;
  done: boolean;
  texts: string[];
  annotations: WireAnnotation[][];
  summaries: string[];
  reasoning: string;
  refusal?: string;
  args: string;
}

/** Fields of `fill` that `base` lacks (undefined or null) are taken from `fill`. */
export function fillItem(base: WireOutputItem, fill: WireOutputItem | undefined): WireOutputItem {
  if (!fill) return base;
  const out: Record<string, unknown> = { ...fill };
  for (const [k, v] of Object.entries(base)) if (v !== undefined && v !== null) out[k] = v;
  return out as WireOutputItem;
}

/** An item as the events built it (for items whose `done` never came, or came without fields). */
export function rebuiltItem(s: ItemState): WireOutputItem {
  const base = s.item;
  switch (base.type) {
    case 'message': {
      if (s.texts.length === 0 && s.refusal === undefined) return base;
      const content: JsonObject[] = s.texts.map((text, i) => ({ type: 'output_text', text: text ?? '', annotations: (s.annotations[i] ?? []) as unknown as JsonObject[] }));
      if (s.refusal !== undefined) content.push({ type: 'refusal', refusal: s.refusal });
      return { ...base, content } as unknown as WireOutputItem;
    }
    case 'reasoning': {
      const summary = s.summaries.map((text) => ({ type: 'summary_text', text: text ?? '' }));
      const content = s.reasoning ? [{ type: 'reasoning_text', text: s.reasoning }] : base.content;
      return { ...base, summary: summary.length > 0 ? summary : (base.summary ?? []), content } as unknown as WireOutputItem;
    }
    case 'function_call':
      return { ...base, arguments: s.args !== '' ? s.args : (base.arguments ?? '') };
    default:
      return base;
  }
}

/**
 * The final items: the terminal `output` (its ids win), each filled from the item the events
 * built for it, matched by id, else by call id, else by position and type (a gateway may rotate
 * ids between the events and the terminal payload: never a second copy of the same text);
 * then the items the terminal payload left out, at their place.
 */
export function finalItems(tracked: readonly ItemState[], completed: readonly WireOutputItem[]): WireOutputItem[] {
  const fromEvents = [...tracked].sort((a, b) => a.index - b.index);
  if (completed.length === 0) return fromEvents.map((s) => (s.done ? s.item : fillItem(rebuiltItem(s), s.item)));
  const match = new Map<number, ItemState>();
  const unmatched: ItemState[] = [];
  const claim = (s: ItemState, found: (item: WireOutputItem, i: number) => boolean): boolean => {
    const i = completed.findIndex((item, at) => !match.has(at) && found(item, at));
    if (i !== -1) match.set(i, s);
    return i !== -1;
  };
  for (const s of fromEvents) {
    const { id, call_id: callId, type } = s.item;
    if (id && claim(s, (item) => item.id === id)) continue;
    if (callId && claim(s, (item) => item.call_id === callId)) continue;
    if (claim(s, (item, at) => at === s.index && item.type === type && !fromEvents.some((o) => o !== s && o.item.id !== undefined && o.item.id === item.id))) continue;
    if (!id && s.index < completed.length) continue; // an id-less item the terminal payload holds at its place
    unmatched.push(s);
  }
  const out: WireOutputItem[] = completed.map((item, i) => {
    const s = match.get(i);
    return s ? fillItem(item, s.done ? s.item : rebuiltItem(s)) : item;
  });
  for (const s of unmatched) out.splice(Math.min(s.index, out.length), 0, s.done ? s.item : rebuiltItem(s));
  return out;
}
