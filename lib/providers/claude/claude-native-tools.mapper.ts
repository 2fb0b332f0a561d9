import type { JsonObject } from '../../core/json.types';
import type { NativeTool, NativeToolKind } from '../../core/tool.types';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import { CLAUDE_PROVIDER_ID } from './claude-error.reader';

/** Claude's server tools for the native tool kinds it has, and the beta each needs (if any). */
const SERVER_TOOLS: Partial<Record<NativeToolKind, { readonly tool: JsonObject; readonly beta?: string }>> = {
  'web-search': { tool: { type: 'web_search_20250305', name: 'web_search' } },
  'code-execution': { tool: { type: 'code_execution_20250825', name: 'code_execution' }, beta: 'code-execution-2025-08-25' },
  'url-context': { tool: { type: 'web_fetch_20250910', name: 'web_fetch' }, beta: 'web-fetch-2025-09-10' },
};

/** The native tool kinds Claude runs itself. */
export const CLAUDE_NATIVE_TOOLS = Object.keys(SERVER_TOOLS) as NativeToolKind[];

/**
 * Maps native tools to Claude server tools (`web_search`, `code_execution`, `web_fetch`); their
 * options are passed through as the tool's own fields (e.g. `{ max_uses: 3, allowed_domains: [...] }`).
 * Kinds Claude does not have fail with `UnsupportedFeatureError`.
 */
export function toClaudeServerTools(tools: readonly NativeTool[]): { tools: JsonObject[]; betas: string[] } {
  const out: JsonObject[] = [];
  const betas: string[] = [];
  for (const native of tools) {
    const server = SERVER_TOOLS[native.kind];
    if (!server) {
      throw new UnsupportedFeatureError(`claude has no native ${native.kind} tool (it has ${CLAUDE_NATIVE_TOOLS.join(', ')})`, {
        provider: CLAUDE_PROVIDER_ID,
      });
    }
    out.push({ ...server.tool, ...native.options });
    if (server.beta && !betas.includes(server.beta)) betas.push(server.beta);
  }
  return { tools: out, betas };
}
