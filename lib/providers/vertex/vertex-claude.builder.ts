import { ConfigurationError } from '../../errors/configuration.error';
import { defaultTransport } from '../../transport/node-http.transport';
import { ClaudeBuilder } from '../claude/claude.builder';
import { ClaudeProvider } from '../claude/claude.provider';
import { SigningTransport } from '../shared/signing.transport';
import { installVertexAccessSetters, vertexAccessOf, type VertexAccessSetters } from './vertex-access';
import { publisherUrl } from './vertex-endpoint';
import { vertexClaudeSigner } from './vertex-request.signer';

/**
 * Stands in for the API key `ClaudeProvider` requires: Claude on Vertex authenticates with OAuth
 * tokens, and the Vertex signer removes the `x-api-key` header this would fill.
 */
const NO_API_KEY = 'vertex-claude-uses-oauth-tokens-not-api-keys';

/**
 * Builds Claude on Vertex AI (a `ClaudeProvider` with every `ClaudeBuilder` option) in Anthropic's
 * Vertex request shape: `POST .../publishers/anthropic/models/<model>:rawPredict` (`:streamRawPredict`
 * when streaming), the model in the URL, `anthropic_version: "vertex-2023-10-16"` in the body, an
 * OAuth bearer token (from `withTokenProvider()`, else Application Default Credentials through
 * `google-auth-library`). Model ids are Vertex's, e.g. `claude-sonnet-4-5@20250929`. Project and
 * location as for `VertexGeminiBuilder` (Claude runs in `global` and some regions, e.g. `us-east5`).
 *
 * @example
 * const claude = new VertexClaudeBuilder().withProject('my-project').withLocation('us-east5').withModel('claude-sonnet-4-5@20250929').build();
 */
export class VertexClaudeBuilder<M extends boolean = false> extends ClaudeBuilder<M> {
  override withModel(model: string): VertexClaudeBuilder<true> & ClaudeBuilder<true> {
    this.settings.model = model;
    return this as unknown as VertexClaudeBuilder<true> & ClaudeBuilder<true>;
  }

  /** Claude on Vertex takes OAuth tokens only: use `withTokenProvider()` or Application Default Credentials. */
  override withApiKey(_apiKey: string): this {
    throw new ConfigurationError('VertexClaudeBuilder: Claude on Vertex AI takes no API key; use withTokenProvider() or Application Default Credentials', {
      provider: 'claude',
    });
  }

  override build(this: ClaudeBuilder<true>): ClaudeProvider {
    // `this` is a VertexClaudeBuilder (the base's signature); the cast reaches this class's settings.
    const self = this as unknown as VertexClaudeBuilder<true>;
    const model = self.settings.model;
    if (!model) throw new ConfigurationError('VertexClaudeBuilder: no model (call withModel())', { provider: 'claude' });
    const connection = self.connection({ builder: 'VertexClaudeBuilder', provider: 'claude', defaultBaseUrl: 'https://aiplatform.googleapis.com' });
    const { where, tokens } = vertexAccessOf(self).resolve('VertexClaudeBuilder', 'claude', undefined, connection.clock);
    const base = publisherUrl(where, 'anthropic');
    return new ClaudeProvider({
      ...self.settings,
      ...connection,
      baseUrl: base,
      model,
      apiKey: NO_API_KEY,
      transport: new SigningTransport(connection.transport ?? defaultTransport(), vertexClaudeSigner(base, tokens)),
    });
  }
}

/** `withProject()`, `withLocation()`, `withBaseUrl()`, `withTokenProvider()`, `withGoogleAuth()`: the settings both Vertex builders share (see {@link VertexAccessSetters}). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-unused-vars
export interface VertexClaudeBuilder<M extends boolean = false> extends VertexAccessSetters {}
installVertexAccessSetters(VertexClaudeBuilder);
