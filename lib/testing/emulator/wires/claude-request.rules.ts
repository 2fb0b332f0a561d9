import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedError } from '../emulator-script.types';

/*
 * Request checks the real Messages API makes, with its 400 `invalid_request_error` messages as
 * Anthropic words them (extended-thinking guide: "Thinking with tool use"). Written for the
 * emulator only; shares no code with chat-ts's Claude provider.
 */

const THINKING_GUIDE = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

function obj(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function invalid(message: string): EmulatedError {
  return { status: 400, code: 'invalid_request_error', message };
}

/** With manual thinking on, `tool_choice` may only be `auto` or `none`. */
function forcedToolWithThinking(body: JsonObject): EmulatedError | undefined {
  const type = obj(body.tool_choice).type;
  return type === 'any' || type === 'tool' ? invalid('Thinking may not be enabled when tool_choice forces tool use.') : undefined;
}

/** With thinking on, the final assistant message of a tool loop must start with a thinking block. */
function unsignedToolTurn(body: JsonObject): EmulatedError | undefined {
  const messages = Array.isArray(body.messages) ? body.messages.map(obj) : [];
  let index = messages.length - 1;
  while (index >= 0 && messages[index].role !== 'assistant') index--;
  if (index < 0 || !Array.isArray(messages[index].content)) return undefined;
  const content = (messages[index].content as JsonValue[]).map(obj);
  if (!content.some((b) => b.type === 'tool_use' || b.type === 'server_tool_use')) return undefined;
  const first = String(content[0]?.type);
  if (first === 'thinking' || first === 'redacted_thinking') return undefined;
  return invalid(
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. ` +
      'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). ' +
      'We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. ' +
      `Please consult our documentation at ${THINKING_GUIDE}`,
  );
}

/** The 400 the Messages API answers this request body with, if any (only the rules the emulator knows). */
export function claudeRequestError(body: JsonValue): EmulatedError | undefined {
  const b = obj(body);
  if (obj(b.thinking).type !== 'enabled') return undefined;
  return forcedToolWithThinking(b) ?? unsignedToolTurn(b);
}
