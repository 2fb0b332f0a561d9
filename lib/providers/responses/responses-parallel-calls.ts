import type { ToolCallPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';

/** The name of the wrapper call some models emit instead of several calls. */
export const PARALLEL_WRAPPER = 'multi_tool_use.parallel';

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Expands a `multi_tool_use.parallel` wrapper call into the tool calls it holds. Its arguments are
 * `{"tool_uses":[{"recipient_name":"functions.weather","parameters":{...}}, ...]}`; each use
 * becomes a call of its own, named without the `functions.` namespace, with id `<wrapper id>_<n>`
 * (the ids go back to the server with the results). Any other call, or a wrapper whose arguments
 * do not have that shape, is returned unchanged (the engine then answers it as an unknown tool).
 *
 * @example
 * expandParallelCall({ type: 'tool-call', id: 'call_1', name: 'multi_tool_use.parallel', status: 'pending',
 *   arguments: { tool_uses: [{ recipient_name: 'functions.weather', parameters: { city: 'Oslo' } }] } });
 * // → [{ type: 'tool-call', id: 'call_1_0', name: 'weather', arguments: { city: 'Oslo' }, status: 'pending' }]
 */
export function expandParallelCall(call: ToolCallPart): ToolCallPart[] {
  if (call.name !== PARALLEL_WRAPPER || !isObject(call.arguments)) return [call];
  const uses = call.arguments.tool_uses;
  if (!Array.isArray(uses) || uses.length === 0) return [call];
  const expanded: ToolCallPart[] = [];
  for (const [i, use] of uses.entries()) {
    if (!isObject(use) || typeof use.recipient_name !== 'string' || use.recipient_name === '') return [call];
    const parameters: JsonValue = use.parameters === undefined ? {} : use.parameters;
    const { rawArguments: _raw, ...rest } = call;
    expanded.push({ ...rest, id: `${call.id}_${i}`, name: use.recipient_name.replace(/^functions\./, ''), arguments: parameters });
  }
  return expanded;
}
