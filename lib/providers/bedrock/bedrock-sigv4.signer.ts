import { ConfigurationError } from '../../errors/configuration.error';
import { registerSecret } from '../../errors/secret-registry';
import { secretHeaders } from '../../transport/secret-headers';
import type { RequestSigner } from '../shared/signing.transport';

/** AWS credentials (what the AWS SDK's credential providers resolve to). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Resolves AWS credentials (e.g. `fromIni({ profile })` or `fromContainerMetadata()` of `@aws-sdk/credential-providers`). */
export type AwsCredentialProvider = () => Promise<AwsCredentials>;

interface Signer {
  sign(request: {
    method: string;
    protocol: string;
    hostname: string;
    port?: number;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body: string;
  }): Promise<{ headers: Record<string, string> }>;
}

function load<T>(name: string, provider: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch {
    throw new ConfigurationError(
      `${provider}: SigV4 signing needs the AWS SDK's packages: npm install @smithy/signature-v4 @smithy/hash-node @aws-sdk/credential-provider-node (or give an API key: AWS_BEARER_TOKEN_BEDROCK)`,
      { provider },
    );
  }
}

/** Whether the AWS SDK signing packages can be loaded. */
export function hasSigV4Packages(): boolean {
  try {
    require.resolve('@smithy/signature-v4');
    require.resolve('@smithy/hash-node');
    return true;
  } catch {
    return false;
  }
}

/**
 * The AWS SDK's standard credential chain (`@aws-sdk/credential-provider-node`: environment,
 * shared config and credentials files with profiles and SSO, web identity, ECS container and EC2
 * instance roles), memoised and refreshed before expiry by the SDK.
 */
export function defaultAwsCredentials(provider: string): AwsCredentialProvider {
  const { defaultProvider } = load<{ defaultProvider: () => AwsCredentialProvider }>('@aws-sdk/credential-provider-node', provider);
  return defaultProvider();
}

/**
 * Signs every request with AWS Signature Version 4 (service `bedrock`) using the AWS SDK's own
 * signer (`@smithy/signature-v4` with `@smithy/hash-node`'s SHA-256): the body is serialised once
 * here and sent exactly as signed.
 */
export function sigV4Signer(region: string, credentials: AwsCredentialProvider, provider: string, service = 'bedrock'): RequestSigner {
  const { SignatureV4 } = load<{ SignatureV4: new (init: object) => Signer }>('@smithy/signature-v4', provider);
  const { Hash } = load<{ Hash: new (algorithm: string, secret?: unknown) => unknown }>('@smithy/hash-node', provider);
  // The secret key and session token become registered secrets: no message or log shows them.
  const registered: AwsCredentialProvider = async () => {
    const resolved = await credentials();
    registerSecret(resolved.secretAccessKey);
    registerSecret(resolved.sessionToken);
    return resolved;
  };
  const signer = new SignatureV4({ service, region, credentials: registered, sha256: Hash.bind(null, 'sha256'), applyChecksum: true });
  return async (request) => {
    const url = new URL(request.url);
    const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
    headers.host = url.host;
    headers['content-type'] ??= 'application/json';
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, key) => (query[key] = value));
    const signed = await signer.sign({
      method: request.method ?? 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers,
      body,
    });
    return { ...request, body, headers: secretHeaders(signed.headers) };
  };
}
