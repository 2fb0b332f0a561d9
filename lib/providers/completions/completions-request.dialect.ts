import type { CompletionsRequestBody } from './completions-wire.types';

/**
 * How a server's `POST /chat/completions` differs from OpenAI's, applied to the mapped body before
 * `providerOptions` (which are sent as given).
 * - `openai` (default): the body as mapped.
 * - `mistral`: Mistral's request schema is closed (`additionalProperties: false`; an unknown field
 *   is a 422 `extra_forbidden`): `seed` is sent as `random_seed`; `stream_options` is not sent
 *   (Mistral puts usage in the last chunk by itself); `reasoning_effort` takes only `high` | `none`
 *   (`medium` is sent as `high`, `low` and `minimal` are left out); `top_k` and
 *   `max_completion_tokens` (unknown to Mistral) are left out or sent as `max_tokens`; a file part
 *   (`{type: 'file', file: {file_data}}`) is sent as Mistral's `document_url` chunk with the data URL.
 *   Every change of meaning adds a warning.
 * - `openrouter`: the neutral reasoning effort travels in OpenRouter's unified `reasoning` object
 *   (`reasoning: { effort }`, beside the builder's `exclude`; it replaces the builder's `max_tokens`) instead of `reasoning_effort`.
 */
export type CompletionsRequestDialect = 'openai' | 'mistral' | 'openrouter';

/** Mistral's `reasoning_effort` for each neutral effort (absent: not sent). */
const MISTRAL_EFFORT: Readonly<Record<string, 'high' | 'none' | undefined>> = { high: 'high', medium: 'high' };

/**
 * Rewrites a mapped body for the dialect's server, in place; warnings say what changed meaning.
 *
 * @example
 * const warnings: string[] = [];
 * applyRequestDialect(body, 'mistral', warnings, 'mistral'); // body.seed → body.random_seed, no stream_options
 */
export function applyRequestDialect(body: CompletionsRequestBody, dialect: CompletionsRequestDialect | undefined, warnings: string[], provider: string): void {
  if (dialect === 'openrouter' && body.reasoning_effort !== undefined) {
    // A call's effort wins over a builder's token budget (OpenRouter takes one of the two).
    const { max_tokens: _budget, ...current } = (typeof body.reasoning === 'object' && body.reasoning !== null && !Array.isArray(body.reasoning) ? body.reasoning : {}) as Record<string, unknown>;
    body.reasoning = { ...current, effort: body.reasoning_effort } as CompletionsRequestBody[string];
    delete body.reasoning_effort;
  }
  if (dialect !== 'mistral') return;
  if (body.seed !== undefined) {
    body.random_seed = body.seed;
    delete body.seed;
  }
  delete body.stream_options;
  body.messages = body.messages.map((m) => (Array.isArray(m.content) ? { ...m, content: m.content.map(mistralChunk) } : m));
  if (body.max_completion_tokens !== undefined) {
    body.max_tokens ??= body.max_completion_tokens;
    delete body.max_completion_tokens;
  }
  if (body.top_k !== undefined) {
    warnings.push(`${provider}: topK is not part of Mistral's chat API; it was not sent`);
    delete body.top_k;
  }
  const effort = body.reasoning_effort;
  if (typeof effort === 'string' && effort !== 'high' && effort !== 'none') {
    const mapped = MISTRAL_EFFORT[effort];
    if (mapped) {
      body.reasoning_effort = mapped;
      warnings.push(`${provider}: reasoning effort "${effort}" was sent as "${mapped}" (Mistral accepts "high" or "none")`);
    } else {
      delete body.reasoning_effort;
      warnings.push(`${provider}: reasoning effort "${effort}" was not sent (Mistral accepts "high" or "none"); the model's default applies`);
    }
  }
}

/** A Chat Completions content part as Mistral takes it: files become `document_url` chunks. */
function mistralChunk<P>(part: P): P {
  const file = (part as { type?: unknown; file?: { file_data?: unknown; filename?: unknown } }).file;
  if ((part as { type?: unknown }).type !== 'file' || typeof file?.file_data !== 'string') return part;
  return { type: 'document_url', document_url: file.file_data, ...(typeof file.filename === 'string' ? { document_name: file.filename } : {}) } as P;
}
