import type { ToolChoice } from '../../core/tool.types';
import type { ClaudeRequestMessage } from './claude-wire.types';

const THINKING_BLOCKS = new Set(['thinking', 'redacted_thinking']);
const TOOL_USE_BLOCKS = new Set(['tool_use', 'server_tool_use']);

/**
 * Whether the last assistant message is a tool-use turn that does not start with Claude-signed
 * thinking. With thinking on, Claude requires the final assistant message (the one before the
 * lastmost `tool_use`/`tool_result` set) to start with a `thinking` or `redacted_thinking` block;
 * a tool call made by another provider (a router fallback mid tool loop) or without thinking has none.
 */
export function lastToolUseTurnUnsigned(messages: readonly ClaudeRequestMessage[]): boolean {
  const last = [...messages].reverse().find((m) => m.role === 'assistant');
  if (!last || !last.content.some((b) => TOOL_USE_BLOCKS.has(String(b.type)))) return false;
  return !THINKING_BLOCKS.has(String(last.content[0]?.type));
}

/** `required` and `{name}` force a tool call, which Claude refuses with thinking on (only `auto` and `none` are allowed). */
export function forcesToolUse(choice: ToolChoice | undefined): boolean {
  return choice === 'required' || (typeof choice === 'object' && choice !== null);
}

/**
 * Why extended thinking must stay off for this request (as the `warning` text), or undefined when
 * it may be on. Claude answers both cases with a 400 `invalid_request_error` otherwise.
 */
export function thinkingBlocker(messages: readonly ClaudeRequestMessage[], toolChoice: ToolChoice | undefined, hasTools: boolean): string | undefined {
  const off = 'claude: extended thinking was left out of this request';
  if (hasTools && forcesToolUse(toolChoice)) {
    const forced = toolChoice === 'required' ? "toolChoice 'required'" : `toolChoice {name: '${(toolChoice as { name: string }).name}'}`;
    return `${off}: Claude does not allow thinking with a forced tool call (${forced})`;
  }
  if (lastToolUseTurnUnsigned(messages)) {
    return `${off}: the last tool call of this tool loop has no Claude-signed thinking (it came from another provider, or was made without thinking), which Claude rejects while thinking is on`;
  }
  return undefined;
}
