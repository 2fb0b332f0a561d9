/**
 * What a recorded Responses payload says, read directly from the raw JSON (independently of the
 * provider's mappers), for the conformance suite to compare the provider's result with.
 */
export interface Expected {
  readonly id?: string;
  readonly text: string;
  readonly toolCalls: { id: string; name: string; arguments: unknown }[];
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly finish: string;
  readonly reasoningItems: number;
  readonly images: number;
  readonly providerItems: number;
  readonly sources: number;
}

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function expectedFromResponse(response: Raw): Expected {
  const output: Raw[] = Array.isArray(response.output) ? response.output : [];
  let text = '';
  let refused = false;
  let sources = 0;
  const toolCalls: Expected['toolCalls'] = [];
  output.forEach((item, index) => {
    if (item.type === 'message') {
      for (const c of item.content ?? []) {
        if (c.type === 'refusal') {
          refused = true;
          text += c.refusal;
        } else if (typeof c.text === 'string') {
          text += c.text;
          sources += (c.annotations ?? []).filter((a: Raw) => a.type === 'url_citation').length;
        }
      }
    }
    if (item.type === 'function_call') {
      toolCalls.push({ id: item.call_id || item.id || `call_${index}`, name: item.name, arguments: item.arguments ? JSON.parse(item.arguments) : {} });
    }
  });
  const status = response.status;
  const reason = response.incomplete_details?.reason;
  const finish =
    status === 'incomplete'
      ? reason === 'max_output_tokens'
        ? 'length'
        : reason === 'content_filter'
          ? 'content-filter'
          : 'other'
      : toolCalls.length > 0
        ? 'tool-calls'
        : refused
          ? 'refusal'
          : 'stop';
  return {
    id: response.id,
    text,
    toolCalls,
    inputTokens: response.usage?.input_tokens ?? 0,
    outputTokens: response.usage?.output_tokens ?? 0,
    finish,
    reasoningItems: output.filter((i) => i.type === 'reasoning').length,
    images: output.filter((i) => i.type === 'image_generation_call' && i.result).length,
    providerItems: output.filter((i) => !['message', 'reasoning', 'function_call'].includes(i.type)).length,
    sources,
  };
}

/** The events of the first response cycle of a stream, and how many cycles it holds. */
export function firstCycle(events: Raw[]): { events: Raw[]; cycles: number; terminal?: Raw } {
  const cycles = events.filter((e) => e.type === 'response.created').length;
  const end = events.findIndex((e) => ['response.completed', 'response.incomplete', 'response.failed', 'error'].includes(e.type));
  return { events: end >= 0 ? events.slice(0, end + 1) : events, cycles, terminal: end >= 0 ? events[end] : undefined };
}

/** Deltas of a kind in a raw event list. */
export function rawDeltas(events: Raw[], types: readonly string[]): string {
  // a `.done` event whose text goes on from the deltas of its part adds the rest (abridged recordings)
  const sofar = new Map<string, string>();
  let out = '';
  for (const e of events) {
    const key = `${e.item_id}:${e.output_index}:${e.content_index ?? e.summary_index ?? 0}`;
    if (types.includes(e.type)) {
      out += e.delta ?? '';
      sofar.set(key, (sofar.get(key) ?? '') + (e.delta ?? ''));
    } else if (types.some((t) => t.endsWith('.delta') && e.type === t.replace(/\.delta$/, '.done')) && typeof e.text === 'string') {
      const before = sofar.get(key) ?? '';
      if (e.text.length > before.length && e.text.startsWith(before)) out += e.text.slice(before.length);
      sofar.set(key, e.text);
    }
  }
  return out;
}
