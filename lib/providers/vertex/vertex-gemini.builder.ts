import { ConfigurationError } from '../../errors/configuration.error';
import { defaultTransport } from '../../transport/node-http.transport';
import { GeminiBuilder } from '../gemini/gemini.builder';
import { GEMINI_PROVIDER_ID } from '../gemini/gemini.constants';
import { SigningTransport } from '../shared/signing.transport';
import { installVertexAccessSetters, vertexAccessOf, type VertexAccessSetters } from './vertex-access';
import { publisherUrl, VERTEX_API_KEY_ENV } from './vertex-endpoint';
import { VertexGeminiProvider } from './vertex-gemini.provider';
import { vertexGeminiSigner } from './vertex-request.signer';

/**
 * Builds Gemini on Vertex AI (a {@link VertexGeminiProvider}): every `GeminiBuilder` option
 * (thinking, native tools, safety settings, structured output), with Vertex's endpoint
 * (`https://<location>-aiplatform.googleapis.com/v1/projects/<project>/locations/<location>/publishers/google/models/<model>:generateContent`,
 * `https://aiplatform.googleapis.com/...` for the `global` location) and Google Cloud credentials:
 * an OAuth token from `withTokenProvider()`, else Application Default Credentials through
 * `google-auth-library` (optional peer dependency). An API key (`withApiKey()` or
 * `GOOGLE_VERTEX_API_KEY`) selects express mode (no project, `x-goog-api-key`).
 * Project from `withProject()` or `GOOGLE_VERTEX_PROJECT` / `GOOGLE_CLOUD_PROJECT`; location from
 * `withLocation()` or `GOOGLE_VERTEX_LOCATION` / `GOOGLE_CLOUD_LOCATION` (default `us-central1`).
 *
 * @example
 * const gemini = new VertexGeminiBuilder().withProject('my-project').withLocation('global').withModel('gemini-2.5-flash').build();
 */
export class VertexGeminiBuilder<M extends boolean = false> extends GeminiBuilder<M> {
  override withModel(model: string): VertexGeminiBuilder<true> & GeminiBuilder<true> {
    this.settings.model = model;
    return this as unknown as VertexGeminiBuilder<true> & GeminiBuilder<true>;
  }

  override build(this: GeminiBuilder<true>): VertexGeminiProvider {
    // `this` is a VertexGeminiBuilder (the base's signature); the cast reaches this class's settings.
    const self = this as unknown as VertexGeminiBuilder<true>;
    const model = self.settings.model;
    if (!model) throw new ConfigurationError('vertex needs a model: call withModel()', { provider: GEMINI_PROVIDER_ID });
    const probe = self.connection({ builder: 'VertexGeminiBuilder', provider: GEMINI_PROVIDER_ID, defaultBaseUrl: 'https://aiplatform.googleapis.com', apiKeyEnv: [VERTEX_API_KEY_ENV], trimEnv: true });
    const { where, tokens } = vertexAccessOf(self).resolve('VertexGeminiBuilder', GEMINI_PROVIDER_ID, probe.apiKey, probe.clock);
    return new VertexGeminiProvider({
      ...self.settings,
      ...probe,
      baseUrl: publisherUrl(where, 'google'),
      apiKey: tokens ? '' : (probe.apiKey ?? ''),
      transport: new SigningTransport(probe.transport ?? defaultTransport(), vertexGeminiSigner(tokens)),
      model,
      nativeTools: [...self.natives.values()],
    });
  }
}

/** `withProject()`, `withLocation()`, `withBaseUrl()`, `withTokenProvider()`, `withGoogleAuth()`: the settings both Vertex builders share (see {@link VertexAccessSetters}). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-unused-vars
export interface VertexGeminiBuilder<M extends boolean = false> extends VertexAccessSetters {}
installVertexAccessSetters(VertexGeminiBuilder);
