import type { JsonValue } from '../../../core/json.types';
import type { EmulatedReply, EmulatedToolCall } from '../emulator-script.types';

/** Helpers shared by the emulator's OpenAI-style wires (never by the providers). */

/** The body as an object (empty when it is not one). */
export function bodyObject(body: JsonValue): { [key: string]: JsonValue } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
}

/** Text of a message `content`: a string, or the text items of a content array. */
export function contentText(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((item) => {
      const o = bodyObject(item);
      return typeof o.text === 'string' ? o.text : '';
    })
    .join('');
}

/** Rough token count: words. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The arguments text of an emulated call (strings are sent as-is, to emulate invalid JSON). */
export function argumentsText(call: EmulatedToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

/** The answer text of a reply: its text, or the JSON of a structured reply. */
export function replyText(reply: EmulatedReply): string | undefined {
  if (reply.json !== undefined) return JSON.stringify(reply.json);
  return reply.text;
}

/** Token counts of a reply: the scripted ones, else estimated from the request and the answer. */
export function replyUsage(reply: EmulatedReply, promptText: string): { input: number; output: number; reasoning: number; cached: number } {
  const answer = `${replyText(reply) ?? ''} ${reply.reasoning ?? ''} ${(reply.toolCalls ?? []).map(argumentsText).join(' ')}`;
  return {
    input: reply.usage?.input ?? Math.max(1, countTokens(promptText)),
    output: reply.usage?.output ?? Math.max(1, countTokens(answer)),
    reasoning: reply.usage?.reasoning ?? (reply.reasoning ? countTokens(reply.reasoning) : 0),
    cached: reply.usage?.cached ?? 0,
  };
}

/** Splits text into pieces of `size` characters. */
export function slices(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Little-endian float32 bytes of a vector, base64 encoded (OpenAI `encoding_format: "base64"`). */
export function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}

/** Text of the last `user` message of an OpenAI-style `messages` array (Chat Completions and Ollama). */
export function lastUserMessageText(body: JsonValue): string | undefined {
  const messages = bodyObject(body).messages;
  if (!Array.isArray(messages)) return undefined;
  const last = [...messages].reverse().find((m) => bodyObject(m).role === 'user');
  return last === undefined ? undefined : contentText(bodyObject(last).content);
}
