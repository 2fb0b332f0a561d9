import type { ContentPart } from '../../core/content-part.types';
import type { ProviderRequest } from '../../core/provider.types';
import type { TokenCount } from '../../core/token-count.types';

/** What chat-ts uses of `js-tiktoken`'s encoder. */
interface Encoder {
  encode(text: string): number[];
}

type EncodingName = 'o200k_base' | 'cl100k_base';

const encoders = new Map<EncodingName, Promise<Encoder | undefined>>();

/** OpenAI's encoding for a model: `cl100k_base` for GPT-4 / GPT-3.5 and older embeddings, else `o200k_base`. */
export function encodingFor(model: string): EncodingName {
  return /^(gpt-4(?!o|\.1|\.5)|gpt-3\.5|text-embedding-(ada|3))/.test(model) ? 'cl100k_base' : 'o200k_base';
}

/** A module by a computed name, so that the compiled `.d.ts` and the root import never name `js-tiktoken`. */
const load = (id: string): Promise<unknown> => import(id);

/** Loads `js-tiktoken` (an optional peer dependency) on first use; undefined when it is not installed. */
function loadEncoder(name: EncodingName): Promise<Encoder | undefined> {
  let pending = encoders.get(name);
  if (!pending) {
    pending = (async () => {
      try {
        const { Tiktoken } = (await load('js-tiktoken/lite')) as { Tiktoken: new (ranks: unknown) => Encoder };
        const ranks = (await load(`js-tiktoken/ranks/${name}`)) as { default: unknown };
        return new Tiktoken(ranks.default ?? ranks);
      } catch {
        return undefined;
      }
    })();
    encoders.set(name, pending);
  }
  return pending;
}

/** Tokens every message costs beyond its content (role and separators), and the reply priming, as OpenAI's chat format counts them. */
const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;
/** Tokens a tool definition costs beyond its JSON (the wrapper the provider renders it in); an estimate. */
const PER_TOOL = 8;
/** An image at low detail (OpenAI: 85 tokens); an estimate for others. */
const PER_IMAGE = 85;

function partText(part: ContentPart): { text: string; fixed: number } {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return { text: part.text, fixed: 0 };
    case 'tool-call':
      return { text: `${part.name}${part.rawArguments ?? JSON.stringify(part.arguments)}`, fixed: 0 };
    case 'tool-result':
      return { text: part.content, fixed: 0 };
    case 'image':
    case 'file':
      return { text: '', fixed: PER_IMAGE };
    default:
      return { text: '', fixed: 0 };
  }
}

/**
 * A local count of a request's input tokens, as OpenAI's chat format counts them: each message's
 * role and content plus 3, the system prompt as a message, 3 for the reply, and each tool's JSON
 * definition plus 8. With `js-tiktoken` installed the text is tokenized with the model's encoding
 * (`source: 'tokenizer'`); without it, about 4 characters per token (`source: 'heuristic'`).
 *
 * @example
 * const count = await estimateTokens({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] }, 'gpt-4o');
 */
export async function estimateTokens(request: ProviderRequest, model: string): Promise<TokenCount> {
  const encoder = await loadEncoder(encodingFor(model));
  const count = (text: string): number => (text === '' ? 0 : encoder ? encoder.encode(text).length : Math.ceil(text.length / 4));
  let total = REPLY_PRIMING;
  if (request.system) total += PER_MESSAGE + count('system') + count(request.system);
  for (const message of request.messages) {
    total += PER_MESSAGE + count(message.role);
    for (const part of message.parts) {
      const { text, fixed } = partText(part);
      total += count(text) + fixed;
    }
  }
  for (const tool of request.tools ?? []) total += PER_TOOL + count(JSON.stringify({ name: tool.name, description: tool.description, parameters: tool.parameters }));
  if (request.responseFormat) total += count(JSON.stringify(request.responseFormat.schema));
  return { inputTokens: total, exact: false, source: encoder ? 'tokenizer' : 'heuristic', model };
}
