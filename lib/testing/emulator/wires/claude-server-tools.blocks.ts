import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { WireContext } from '../emulator-wire.types';

/*
 * Claude server-tool content for the emulator's Messages wire: web search results with cited
 * text, and code execution runs, rendered as Anthropic documents them. Only when the request
 * offers the matching server tool.
 */

function offered(request: JsonValue, prefix: string): boolean {
  const tools = (request as { tools?: unknown } | null)?.tools;
  return Array.isArray(tools) && tools.some((t) => typeof (t as { type?: unknown })?.type === 'string' && (t as { type: string }).type.startsWith(prefix));
}

/** Blocks that come before the answer text (server tool calls and their results), and the citations of the answer. */
export function claudeServerToolBlocks(ctx: WireContext, query: string): { blocks: JsonObject[]; citations: JsonObject[] } {
  const { reply, request } = ctx;
  const blocks: JsonObject[] = [];
  const citations: JsonObject[] = [];
  if (reply.sources?.length && offered(request.body, 'web_search')) {
    const id = ctx.id('srvtoolu_');
    blocks.push(
      { type: 'server_tool_use', id, name: 'web_search', input: { query } },
      {
        type: 'web_search_tool_result',
        tool_use_id: id,
        content: reply.sources.map((s, i) => ({ type: 'web_search_result', url: s.url, title: s.title ?? s.url, encrypted_content: `enc_${i}`, page_age: null })),
      },
    );
    for (const [i, s] of reply.sources.entries()) {
      citations.push({ type: 'web_search_result_location', url: s.url, title: s.title ?? s.url, cited_text: (reply.text ?? '').slice(0, 80), encrypted_index: `idx_${i}` });
    }
  }
  if (reply.codeExecution && offered(request.body, 'code_execution')) {
    const id = ctx.id('srvtoolu_');
    blocks.push(
      { type: 'server_tool_use', id, name: 'bash_code_execution', input: { command: reply.codeExecution.code } },
      {
        type: 'bash_code_execution_tool_result',
        tool_use_id: id,
        content: { type: 'bash_code_execution_result', stdout: reply.codeExecution.output, stderr: '', return_code: 0, content: [] },
      },
    );
  }
  return { blocks, citations };
}
