import type { JsonValue } from '../core/json.types';
import { McpToolError } from '../errors/mcp-tool.error';
import type { McpCallResult, McpContentBlock } from './mcp-wire.types';

type Block = McpContentBlock;

/** A content block as the model gets it: the block's own JSON (images and audio keep their base64 `data`), without `_meta`. */
function blockJson(block: Block): JsonValue {
  const { _meta: _ignored, ...rest } = block as Block & { _meta?: unknown };
  return JSON.parse(JSON.stringify(rest)) as JsonValue;
}

function textOf(blocks: readonly Block[]): string {
  return blocks
    .filter((b) => b.type === 'text')
    .map((b) => b.text ?? '')
    .join('\n');
}

/**
 * What an MCP tool result becomes for the chat:
 * - `isError: true` → throws `McpToolError` whose message is the tool's text (the model sees it as the error result);
 * - structured content → that object (the model gets its JSON);
 * - only text blocks → their text, joined by newlines;
 * - anything else (images, audio, resource links, embedded resources) → the array of blocks as JSON.
 */
export function mcpToolOutput(result: McpCallResult, server: string, toolName: string): JsonValue {
  const blocks = Array.isArray(result.content) ? result.content : [];
  if (result.isError === true) {
    const text = textOf(blocks);
    throw new McpToolError(text || `The MCP tool "${toolName}" reported an error`, { server, toolName, content: blocks.map(blockJson) });
  }
  if (result.structuredContent !== undefined) return JSON.parse(JSON.stringify(result.structuredContent)) as JsonValue;
  if (blocks.every((b) => b.type === 'text')) return textOf(blocks);
  return blocks.map(blockJson);
}
