import { asArray, asObject, asString } from './completions-wire.guards';

/** A piece of message content: answer text or reasoning. */
export interface ContentPiece {
  readonly kind: 'text' | 'reasoning';
  readonly text: string;
}

function thinkingText(value: unknown): string {
  if (typeof value === 'string') return value;
  return asArray(value)
    .map((item) => (typeof item === 'string' ? item : (asString(asObject(item)?.text) ?? '')))
    .join('');
}

/**
 * Reads `content` as servers send it: a string, null, or (Mistral) an array of typed chunks
 * (`text`, `thinking` holding text chunks). Unknown chunk types are ignored.
 */
export function readContent(content: unknown): ContentPiece[] {
  if (typeof content === 'string') return content ? [{ kind: 'text', text: content }] : [];
  const pieces: ContentPiece[] = [];
  for (const item of asArray(content)) {
    if (typeof item === 'string') {
      if (item) pieces.push({ kind: 'text', text: item });
      continue;
    }
    const chunk = asObject(item);
    if (!chunk) continue;
    if (chunk.type === 'thinking') {
      const text = thinkingText(chunk.thinking);
      if (text) pieces.push({ kind: 'reasoning', text });
    } else if (chunk.type === 'text' || (chunk.type === undefined && typeof chunk.text === 'string')) {
      const text = asString(chunk.text);
      if (text) pieces.push({ kind: 'text', text });
    }
  }
  return pieces;
}

/** The reasoning field of a message or delta: `reasoning_content` (DeepSeek, Qwen, xAI) or `reasoning` (Groq, Cerebras, Ollama). */
export function readReasoningField(message: Record<string, unknown>): string | undefined {
  const value = asString(message.reasoning_content) || asString(message.reasoning);
  return value ? value : undefined;
}
