/** Claude (Anthropic Messages API) provider: `chat-ts/claude`. @packageDocumentation */
export * from './claude.builder';
export * from './claude.provider';
export * from './claude-config.types';
export { CLAUDE_PROVIDER_ID, readClaudeErrorBody } from './claude-error.reader';
export { mapClaudeStopReason } from './claude-finish-reason.mapper';
export { mapClaudeUsage } from './claude-usage.mapper';
export { supportsNativeStructuredOutput } from './claude-model.capabilities';
export { CLAUDE_DEFAULT_MAX_TOKENS, CLAUDE_MIN_THINKING_BUDGET } from './claude-request.mapper';
export { CLAUDE_JSON_TOOL } from './claude-tools.mapper';
