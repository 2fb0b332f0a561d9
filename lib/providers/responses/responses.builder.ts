import { ResponsesBuilderBase, type ResponsesPreset } from './responses-builder.base';
import { ResponsesProvider } from './responses.provider';

/** Any server implementing `POST /responses`: no default base URL, an optional key. */
export const RESPONSES_PRESET: ResponsesPreset = { id: 'responses', builder: 'ResponsesBuilder', quirks: [] };

/**
 * Builds a provider for any server implementing `POST /responses` (LM Studio, vLLM, Azure
 * OpenAI, xAI, OpenAI, a gateway). Type-state: `build()` compiles only after `withBaseUrl()` and `withModel()`
 * (in any order); the API key is optional.
 *
 * @example
 * const provider = new ResponsesBuilder()
 *   .withBaseUrl('http://localhost:1234/v1')
 *   .withModel('openai/gpt-oss-20b')
 *   .build();
 */
export class ResponsesBuilder<M extends boolean = false, U extends boolean = false> extends ResponsesBuilderBase {
  /** Type-state (compile time only, never set): whether a model / base URL was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M; baseUrl: U };
  protected readonly preset = RESPONSES_PRESET;

  /** Base URL of the server, e.g. `http://localhost:1234/v1`; requests go to `<baseUrl>/responses`. Required before `build()`. */
  withBaseUrl(baseUrl: string): ResponsesBuilder<M, true> {
    this.setBaseUrl(baseUrl);
    return this as unknown as ResponsesBuilder<M, true>;
  }

  /** The model; required before `build()`. */
  withModel(model: string): ResponsesBuilder<true, U> {
    this.settings.model = model;
    return this as unknown as ResponsesBuilder<true, U>;
  }

  /** Provider id used in origins and errors (default `responses`), e.g. `lmstudio`. */
  withProviderId(id: string): this {
    this.settings.providerId = id;
    return this;
  }

  /** Builds the provider. Throws `ConfigurationError` when the base URL is not an http(s)/ws(s) URL (or, from JavaScript, is missing). */
  build(this: ResponsesBuilder<true, true>): ResponsesProvider<false> {
    return new ResponsesProvider<false>(this.presetConfig());
  }
}
