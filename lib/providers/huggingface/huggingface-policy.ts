import { ConfigurationError } from '../../errors/configuration.error';

/**
 * How the Hugging Face router picks an inference provider for a model: `fastest` (highest
 * throughput), `cheapest` (lowest price per output token), `preferred` (the order of your
 * settings), or a provider by name (`groq`, `together`, `fireworks-ai`, `sambanova`, ...).
 */
export type HuggingFacePolicy = 'fastest' | 'cheapest' | 'preferred' | (string & {});

const POLICY = /^[a-z0-9][a-z0-9-]*$/;

/** Checks a policy (a known one, or a provider name: lowercase letters, digits, hyphens). */
export function assertHuggingFacePolicy(policy: string): void {
  if (!POLICY.test(policy)) {
    throw new ConfigurationError(
      `HuggingFaceBuilder: "${policy}" is not a router policy: use fastest, cheapest, preferred, or a provider name such as groq or together`,
      { provider: 'huggingface' },
    );
  }
}

/**
 * The model id sent to the router: `model:policy`. A policy already in the model id
 * (`deepseek-ai/DeepSeek-R1:fastest`) is sent as written, and must agree with `withPolicy()`.
 *
 * @example
 * modelWithPolicy('openai/gpt-oss-120b', 'cheapest'); // 'openai/gpt-oss-120b:cheapest'
 */
export function modelWithPolicy(model: string, policy: string | undefined): string {
  const at = model.lastIndexOf(':');
  const suffix = at > 0 ? model.slice(at + 1) : undefined;
  if (policy === undefined) return model;
  assertHuggingFacePolicy(policy);
  if (suffix !== undefined && suffix !== policy) {
    throw new ConfigurationError(`HuggingFaceBuilder: the model id "${model}" already asks for policy "${suffix}", and withPolicy() asks for "${policy}"`, {
      provider: 'huggingface',
    });
  }
  return suffix === undefined ? `${model}:${policy}` : model;
}
