import { ResponsesBuilderBase, type ResponsesPreset } from './responses-builder.base';
import { ResponsesProvider } from './responses.provider';

/** Any server implementing `POST /responses`: no default base URL, an optional key. */
export const RESPONSES_PRESET: ResponsesPreset = { id: 'responses', builder: 'ResponsesBuilder', quirks: [] };

/**
 * Builds a provider for any server implementing `POST /responses` (LM Studio, vLLM, Azure
 * OpenAI, xAI, OpenAI, a gateway). `build()` compiles only after `withModel()`; the base URL is
 * required, the API key optional.
 *
 * @example
 * const provider = new ResponsesBuilder()
 *   .withBaseUrl('http://localhost:1234/v1')
 *   .withModel('openai/gpt-oss-20b')
 *   .build();
 */
export class ResponsesBuilder<M extends boolean = false> extends ResponsesBuilderBase {
  /** Type-state marker: whether `withModel()` was called. */
  declare protected readonly modelChosen: M;
  protected readonly preset = RESPONSES_PRESET;

  /** The model; required before `build()`. */
  withModel(model: string): ResponsesBuilder<true> {
    this.settings.model = model;
    return this as unknown as ResponsesBuilder<true>;
  }

  /** Provider id used in origins and errors (default `responses`), e.g. `lmstudio`. */
  withProviderId(id: string): this {
    this.settings.providerId = id;
    return this;
  }

  /** Builds the provider. Throws `ConfigurationError` without a base URL. */
  build(this: ResponsesBuilder<true>): ResponsesProvider<false> {
    return new ResponsesProvider<false>(this.presetConfig());
  }
}
