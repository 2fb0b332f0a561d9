import { ConfigurationError } from '../../errors/configuration.error';
import { defaultTransport } from '../../transport/node-http.transport';
import { HttpProviderBuilderBase, readEnv, type HttpBuilderSettings } from '../shared/http-provider-builder.base';
import { SigningTransport } from '../shared/signing.transport';
import type { BedrockCachePoint, BedrockConverseOptions, BedrockGuardrail } from './bedrock-converse.options';
import { hasEventStreamCodec } from './bedrock-event-stream.parser';
import { BEDROCK_PROVIDER_ID } from './bedrock-request.mapper';
import { defaultAwsCredentials, hasSigV4Packages, sigV4Signer, type AwsCredentialProvider, type AwsCredentials } from './bedrock-sigv4.signer';
import { BedrockProvider } from './bedrock.provider';

/** Environment variables read for the region, in order. */
export const BEDROCK_REGION_ENV = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;
/** Environment variable read for a Bedrock API key (bearer token). */
export const BEDROCK_API_KEY_ENV = 'AWS_BEARER_TOKEN_BEDROCK';

/** What a {@link BedrockBuilder} collects (never a secret: keys and credentials live in private fields). */
export interface BedrockBuilderSettings extends HttpBuilderSettings {
  region?: string;
  embeddingModel?: string;
  converse?: BedrockConverseOptions;
}

/**
 * Builds an Amazon Bedrock provider (Converse / ConverseStream). Credentials: a Bedrock API key
 * (`withApiKey()` or `AWS_BEARER_TOKEN_BEDROCK`, sent as `Authorization: Bearer`), else AWS
 * Signature V4 with the AWS SDK's signer and credentials from `withCredentials()` or the standard
 * chain of `@aws-sdk/credential-provider-node` (environment, shared config and profiles, SSO, web
 * identity, container and instance roles). Region from `withRegion()`, `AWS_REGION` or
 * `AWS_DEFAULT_REGION`. The model is a model id, a cross-region inference profile id
 * (`us.anthropic.claude-...`, `global.anthropic...`) or an ARN. The AWS packages are optional peer
 * dependencies: `npm install @smithy/signature-v4 @smithy/hash-node @smithy/eventstream-codec @smithy/util-utf8 @aws-sdk/credential-provider-node`.
 *
 * @example
 * const bedrock = new BedrockBuilder().withRegion('us-east-1').withModel('us.anthropic.claude-3-5-haiku-20241022-v1:0').withEmbeddings('amazon.titan-embed-text-v2:0').build();
 */
export class BedrockBuilder<M extends boolean = false, E extends boolean = false> extends HttpProviderBuilderBase {
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly settings: BedrockBuilderSettings = {};
  #credentials?: AwsCredentialProvider;

  protected providerId(): string {
    return BEDROCK_PROVIDER_ID;
  }

  /** Model id, inference profile id or ARN, e.g. `anthropic.claude-3-haiku-20240307-v1:0`, `us.amazon.nova-pro-v1:0`. */
  withModel(model: string): BedrockBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as BedrockBuilder<true, E>;
  }

  /** The AWS region, e.g. `us-east-1` (requests go to `https://bedrock-runtime.<region>.amazonaws.com`). */
  withRegion(region: string): this {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new ConfigurationError(`BedrockBuilder: "${region}" is not an AWS region (e.g. us-east-1)`, { provider: BEDROCK_PROVIDER_ID });
    this.settings.region = region;
    return this;
  }

  /** Another endpoint (a VPC endpoint, a proxy, the emulator); the region still signs. */
  withBaseUrl(url: string): this {
    this.settings.baseUrl = url;
    return this;
  }

  /** AWS credentials (static, or a provider such as `fromIni({ profile: 'dev' })`) instead of the default chain. */
  withCredentials(credentials: AwsCredentials | AwsCredentialProvider): this {
    this.#credentials = typeof credentials === 'function' ? credentials : async () => credentials;
    return this;
  }

  /** Enables `embed()` with a Titan (`amazon.titan-embed-text-v2:0`) or Cohere (`cohere.embed-english-v3`) embedding model. */
  withEmbeddings(model: string): BedrockBuilder<M, true> {
    this.settings.embeddingModel = model;
    return this as unknown as BedrockBuilder<M, true>;
  }

  /**
   * Applies a guardrail to every request (`guardrailConfig`, trace on by default). When it
   * intervenes, the finish reason is `content-filter` (raw `guardrail_intervened`) and a warning
   * names the policies that acted (`content:VIOLENCE`, `topic:Investing`, `pii:EMAIL`, ...).
   */
  withGuardrail(guardrail: BedrockGuardrail): this {
    this.settings.converse = { ...this.settings.converse, guardrail };
    return this;
  }

  /**
   * Puts prompt-cache checkpoints (`cachePoint`) after the system prompt, the tools and/or the last
   * message (default: all three), for models that cache; cache reads and writes come back in
   * `usage.cachedInputTokens` and `usage.cacheCreationTokens`.
   */
  withPromptCaching(points: readonly BedrockCachePoint[] = ['system', 'tools', 'messages']): this {
    this.settings.converse = { ...this.settings.converse, cachePoints: [...points] };
    return this;
  }

  /** Asks for citations on document input; cited text parts carry `sources` (`document:<index>`, or a web URL). */
  withCitations(): this {
    this.settings.converse = { ...this.settings.converse, citations: true };
    return this;
  }

  build(this: BedrockBuilder<true, E>): BedrockProvider<E> {
    const s = this.settings;
    if (!s.model) throw new ConfigurationError('BedrockBuilder: no model (call withModel())', { provider: BEDROCK_PROVIDER_ID });
    const region = s.region ?? readEnv(BEDROCK_REGION_ENV, true);
    if (!region) throw new ConfigurationError(`BedrockBuilder: no region; call withRegion() or set ${BEDROCK_REGION_ENV.join(' or ')}`, { provider: BEDROCK_PROVIDER_ID });
    if (!hasEventStreamCodec()) {
      throw new ConfigurationError('BedrockBuilder: the AWS event-stream codec is missing: npm install @smithy/eventstream-codec @smithy/util-utf8', { provider: BEDROCK_PROVIDER_ID });
    }
    const connection = this.connection({
      builder: 'BedrockBuilder',
      provider: BEDROCK_PROVIDER_ID,
      defaultBaseUrl: `https://bedrock-runtime.${region}.amazonaws.com`,
      apiKeyEnv: this.#credentials ? [] : [BEDROCK_API_KEY_ENV],
      trimEnv: true,
    });
    let transport = connection.transport;
    if (!connection.apiKey) {
      if (!hasSigV4Packages()) {
        throw new ConfigurationError(
          `BedrockBuilder: no credentials; set ${BEDROCK_API_KEY_ENV}, or install @smithy/signature-v4 @smithy/hash-node @aws-sdk/credential-provider-node for SigV4`,
          { provider: BEDROCK_PROVIDER_ID },
        );
      }
      const credentials = this.#credentials ?? defaultAwsCredentials(BEDROCK_PROVIDER_ID);
      transport = new SigningTransport(transport ?? defaultTransport(), sigV4Signer(region, credentials, BEDROCK_PROVIDER_ID));
    }
    return new BedrockProvider<E>({ ...connection, transport, model: s.model, embeddingModel: s.embeddingModel, converse: s.converse });
  }
}
