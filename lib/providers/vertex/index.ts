/** Vertex AI: Gemini and Claude on Google Cloud, `chat-ts/vertex`. @packageDocumentation */
export { VertexGeminiBuilder } from './vertex-gemini.builder';
export { VertexClaudeBuilder } from './vertex-claude.builder';
export type { VertexAccessSetters } from './vertex-access';
export { VertexGeminiProvider, VERTEX_DEFAULT_EMBEDDING_MODEL } from './vertex-gemini.provider';
export { publisherUrl, resolveVertexLocation, VERTEX_API_KEY_ENV, VERTEX_LOCATION_ENV, VERTEX_PROJECT_ENV, VERTEX_SCOPE } from './vertex-endpoint';
export type { VertexLocation } from './vertex-endpoint';
export { googleAuthTokenProvider, hasGoogleAuthLibrary } from './google-auth.token-provider';
export type { GoogleAuthOptions } from './google-auth.token-provider';
export { VERTEX_ANTHROPIC_VERSION, vertexClaudeSigner, vertexGeminiSigner } from './vertex-request.signer';
export { AccessTokenCache } from '../shared/access-token.cache';
export type { AccessToken, TokenProvider } from '../shared/access-token.cache';
export { ClaudeProvider } from '../claude/claude.provider';
export { GeminiProvider } from '../gemini/gemini.provider';
