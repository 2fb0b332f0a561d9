import type { WireStreamEvent } from './responses-wire.types';

/** The type given to an event whose JSON is not an object (see `parseResponsesEvent`): skipped with a warning. */
export const NOT_AN_OBJECT = '(not a JSON object)';

/** Event types the stream state reads. */
const READ = new Set([
  'response.created',
  'response.in_progress',
  'response.queued',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
  'response.output_item.added',
  'response.output_item.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.output_text.annotation.added',
  'response.refusal.delta',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.reasoning_text.delta',
  'response.reasoning_text.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.image_generation_call.partial_image',
]);

/**
 * Documented event types with nothing to read (the final item carries their content), and
 * keep-alives. Native-tool progress events (`response.web_search_call.searching`,
 * `response.code_interpreter_call_code.delta`, `response.mcp_list_tools.completed`, ...) and
 * audio events are recognised by family.
 */
const SILENT = new Set(['response.content_part.added', 'response.content_part.done', 'response.refusal.done', 'response.reasoning_summary_part.done', 'keepalive', 'ping']);
const SILENT_FAMILIES = [/^response\.[a-z_]+_call(_[a-z_]+)?\.[a-z_]+$/, /^response\.mcp_list_tools\.[a-z_]+$/, /^response\.(output_)?audio(_transcript|\.transcript)?\.[a-z_]+$/, /^response\.inject\.[a-z_]+$/];

const STRING_FIELDS = ['item_id', 'delta', 'text', 'arguments', 'partial_image_b64', 'output_format'] as const;
const INDEX_FIELDS = ['output_index', 'content_index', 'summary_index', 'partial_image_index'] as const;
const OBJECT_FIELDS = ['item', 'response', 'annotation'] as const;

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a stream does with one event: read it, pass over it silently, or skip it with a warning. */
export type EventVerdict = { readonly kind: 'read' } | { readonly kind: 'silent' } | { readonly kind: 'skip'; readonly reason: string };

/**
 * Sorts one parsed Responses stream event: a type the state reads with fields of the right types
 * is `read`; a documented type with nothing to read is `silent`; an unknown type, or a known one
 * whose fields have the wrong types (a text delta that is a number, an item that is a string),
 * is `skip` with the reason, so that one odd event costs a warning instead of the whole answer.
 */
export function judgeResponsesEvent(event: WireStreamEvent): EventVerdict {
  const type = event.type;
  if (type === NOT_AN_OBJECT) return { kind: 'skip', reason: 'that is not a JSON object' };
  if (!READ.has(type)) {
    if (SILENT.has(type) || SILENT_FAMILIES.some((family) => family.test(type))) return { kind: 'silent' };
    return { kind: 'skip', reason: 'of an unknown type' };
  }
  const fields = event as unknown as Record<string, unknown>;
  for (const key of STRING_FIELDS) {
    if (fields[key] != null && typeof fields[key] !== 'string') return { kind: 'skip', reason: `whose ${key} is not a string` };
  }
  for (const key of INDEX_FIELDS) {
    const value = fields[key];
    if (value != null && !(Number.isInteger(value) && (value as number) >= 0)) return { kind: 'skip', reason: `whose ${key} is not an index` };
  }
  for (const key of OBJECT_FIELDS) {
    if (fields[key] != null && !isObject(fields[key])) return { kind: 'skip', reason: `whose ${key} is not an object` };
  }
  if ((type === 'response.output_item.added' || type === 'response.output_item.done') && typeof event.item?.type !== 'string') {
    return { kind: 'skip', reason: 'without an item type' };
  }
  if (type.endsWith('.delta') && typeof event.delta !== 'string') return { kind: 'skip', reason: 'without a string delta' };
  return { kind: 'read' };
}
