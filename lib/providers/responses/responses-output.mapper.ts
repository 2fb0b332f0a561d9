import type {
  ContentPart,
  ImagePart,
  PartOrigin,
  ReasoningPart,
  Source,
  TextPart,
  ToolCallPart,
} from '../../core/content-part.types';
import type { JsonObject, JsonSchema, JsonValue } from '../../core/json.types';
import type { ToolSpec } from '../../core/provider.types';
import { expandParallelCall } from './responses-parallel-calls';
import { restoreFromStrict } from './responses-strict-schema';
import type { WireAnnotation, WireOutputItem } from './responses-wire.types';

/** Parts of a response and whether the model refused. */
export interface OutputParts {
  readonly parts: ContentPart[];
  readonly refused: boolean;
}

/** Media type of a generated image from the tool's `output_format`. */
export function imageMediaType(format: string | undefined): string {
  const f = (format ?? 'png').toLowerCase();
  return f === 'jpg' ? 'image/jpeg' : `image/${f}`;
}

/** Parses tool-call argument text; `{}` for an empty string, `undefined` when it is not JSON. */
export function parseArguments(text: string | undefined): JsonValue | undefined {
  if (text === undefined || text.trim() === '') return {};
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** A tool-call part from a `function_call` item. */
export function toolCallFromItem(item: WireOutputItem, origin: PartOrigin, index: number): ToolCallPart {
  const raw = item.arguments ?? '';
  const parsed = parseArguments(raw);
  const part: ToolCallPart = {
    type: 'tool-call',
    id: item.call_id || item.id || `call_${index}`,
    name: item.name ?? '',
    arguments: parsed === undefined ? null : parsed,
    status: 'pending',
    origin,
  };
  if (parsed === undefined) part.rawArguments = raw;
  return part;
}

function sources(annotations: readonly WireAnnotation[] | undefined): Source[] {
  const out: Source[] = [];
  for (const a of annotations ?? []) {
    if (a.type !== 'url_citation' || typeof a.url !== 'string') continue;
    const s: { url: string; title?: string; startIndex?: number; endIndex?: number } = { url: a.url };
    if (typeof a.title === 'string') s.title = a.title;
    if (typeof a.start_index === 'number') s.startIndex = a.start_index;
    if (typeof a.end_index === 'number') s.endIndex = a.end_index;
    out.push(s);
  }
  return out;
}

/** Reasoning text of a reasoning item: summaries (OpenAI) or reasoning_text content (open-weights servers). */
export function reasoningText(item: WireOutputItem): string {
  const summary = (item.summary ?? []).map((s) => s.text ?? '').filter((t) => t !== '');
  if (summary.length > 0) return summary.join('\n\n');
  return (item.content ?? [])
    .filter((c) => c.type === 'reasoning_text')
    .map((c) => c.text ?? '')
    .join('');
}

function reasoningPart(item: WireOutputItem, origin: PartOrigin): ReasoningPart {
  const encrypted = typeof item.encrypted_content === 'string' && item.encrypted_content !== '' ? { data: item.encrypted_content } : {};
  const part: ReasoningPart = { type: 'reasoning', text: reasoningText(item), origin, ...(item.id ? { signature: item.id } : {}), ...encrypted };
  return part;
}

/**
 * Maps Responses output items to content parts, in order: `message` → text (url citations as
 * `sources`, refusals as text), `reasoning` → reasoning (item id in `signature`, encrypted
 * content in `data`), `function_call` → tool call (a `multi_tool_use.parallel` wrapper → the calls it holds), `image_generation_call` → a provider part and
 * an image; any other item (web_search_call, code_interpreter_call, mcp_call, ...) → a provider part.
 */
export function mapOutputItems(items: readonly WireOutputItem[], origin: PartOrigin): OutputParts {
  const parts: ContentPart[] = [];
  let refused = false;
  items.forEach((item, index) => {
    switch (item.type) {
      case 'message':
        for (const c of item.content ?? []) {
          if (c.type === 'refusal' && typeof c.refusal === 'string') {
            refused = true;
            parts.push({ type: 'text', text: c.refusal });
          } else if (typeof c.text === 'string' && c.type !== 'reasoning_text') {
            const found = sources(c.annotations);
            if (c.text === '' && found.length === 0) continue;
            const text: TextPart = found.length > 0 ? { type: 'text', text: c.text, sources: found } : { type: 'text', text: c.text };
            parts.push(text);
          }
        }
        break;
      case 'reasoning':
        parts.push(reasoningPart(item, origin));
        break;
      case 'function_call':
        parts.push(...expandParallelCall(toolCallFromItem(item, origin, index)));
        break;
      default:
        parts.push({ type: 'provider', origin, kind: item.type, data: item as unknown as JsonObject });
        if (item.type === 'image_generation_call' && typeof item.result === 'string' && item.result !== '') {
          const source = { kind: 'base64', data: item.result, mediaType: imageMediaType(item.output_format) } as const;
          const image: ImagePart = typeof item.revised_prompt === 'string' ? { type: 'image', source, alt: item.revised_prompt } : { type: 'image', source };
          parts.push(image);
        }
    }
  });
  return { parts, refused };
}

/**
 * Undoes the strict-schema adaptation on the way back: tool-call arguments are restored with
 * their tool's canonical schema, and structured-output text with the response format's schema.
 */
export function restoreParts(parts: ContentPart[], tools: readonly ToolSpec[] | undefined, format: JsonSchema | undefined): void {
  const byName = new Map((tools ?? []).map((t) => [t.name, t.parameters]));
  parts.forEach((part, index) => {
    if (part.type === 'tool-call' && !part.native && part.arguments !== null) {
      const schema = byName.get(part.name);
      if (schema) part.arguments = restoreFromStrict(part.arguments, schema);
    } else if (part.type === 'text' && format) {
      const parsed = parseArguments(part.text);
      if (parsed !== undefined && part.text.trim() !== '') parts[index] = { ...part, text: JSON.stringify(restoreFromStrict(parsed, format)) };
    }
  });
}
