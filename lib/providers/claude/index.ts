/** Claude (Anthropic Messages API) provider: `chat-ts/claude`. @packageDocumentation */
export {
  CLAUDE_API_KEY_ENV,
  CLAUDE_BASE_URL_ENV,
  ClaudeBuilder,
} from './claude.builder';
export {
  CLAUDE_API_VERSION,
  CLAUDE_CAPABILITIES,
  CLAUDE_DEFAULT_BASE_URL,
  ClaudeProvider,
} from './claude.provider';
export type {
  ClaudeProviderConfig,
  ClaudeRequestSettings,
  ClaudeStructuredOutputMode,
} from './claude-config.types';
export { CLAUDE_PROVIDER_ID } from './claude-error.reader';
export { CLAUDE_DEFAULT_MAX_TOKENS, CLAUDE_MIN_THINKING_BUDGET } from './claude-request.mapper';
export { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
export type { HttpBuilderSettings } from '../shared/http-provider-builder.base';
