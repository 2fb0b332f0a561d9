import type { ContentPart, ToolCallPart, ToolResultPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { Message } from '../../core/message.types';
import { isSyntheticCallId } from './gemini-call-id';
import { mediaToGeminiPart } from './gemini-media.mapper';
import { isGemini3OrLater } from './gemini-model.family';
import type { GeminiContent, GeminiPart } from './gemini-wire.types';
import { GEMINI_PROVIDER_ID, GEMINI_PROVIDER_PART_KINDS } from './gemini.constants';

/**
 * The documented placeholder for a function call that has no Gemini thought signature (a call made
 * by another provider, or by an older model): Gemini 3 rejects unsigned calls otherwise.
 */
export const DUMMY_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/** A conversation in Gemini's shape. */
export interface GeminiConversation {
  readonly contents: GeminiContent[];
  /** Texts of system messages, for `systemInstruction`. */
  readonly systemTexts: string[];
}

const fromGemini = (part: { origin?: { provider: string } }): boolean => part.origin?.provider === GEMINI_PROVIDER_ID;

/** Whether a call's id came from Gemini (and so is sent back with the call and its response). */
const wireCallId = (call: ToolCallPart | undefined): string | undefined =>
  call && fromGemini(call) && !isSyntheticCallId(call.id) ? call.id : undefined;

function parseResult(content: string): JsonValue {
  try {
    return JSON.parse(content) as JsonValue;
  } catch {
    return content;
  }
}

function functionResponse(result: ToolResultPart, calls: ReadonlyMap<string, ToolCallPart>): GeminiPart {
  const id = wireCallId(calls.get(result.callId));
  const response: JsonObject = result.isError ? { error: result.content } : { output: parseResult(result.content) };
  return { functionResponse: id ? { id, name: result.name, response } : { name: result.name, response } };
}

function callArguments(call: ToolCallPart): JsonObject {
  const args = call.arguments;
  if (args === null || args === undefined) return {};
  if (typeof args === 'object' && !Array.isArray(args)) return args;
  return { value: args };
}

/** Model-turn parts: Gemini's own reasoning, signatures and provider parts go back as received; other providers' are dropped. */
function modelParts(parts: readonly ContentPart[], model: string): GeminiPart[] {
  const out: GeminiPart[] = [];
  let pendingSignature: string | undefined;
  let signedCall = false;
  const push = (part: GeminiPart): void => {
    if (pendingSignature !== undefined) part.thoughtSignature = pendingSignature;
    pendingSignature = undefined;
    out.push(part);
  };
  for (const part of parts) {
    switch (part.type) {
      case 'reasoning':
        if (!fromGemini(part)) break;
        if (part.text !== '') push({ text: part.text, thought: true, ...(part.signature ? { thoughtSignature: part.signature } : {}) });
        else if (part.signature) pendingSignature = part.signature;
        break;
      case 'text':
        if (part.text !== '') push({ text: part.text });
        break;
      case 'image':
      case 'file':
        push(mediaToGeminiPart(part.source));
        break;
      case 'tool-call': {
        if (part.native) break;
        const id = wireCallId(part);
        const call: GeminiPart = { functionCall: id ? { id, name: part.name, args: callArguments(part) } : { name: part.name, args: callArguments(part) } };
        if (pendingSignature === undefined && !signedCall && isGemini3OrLater(model)) pendingSignature = DUMMY_THOUGHT_SIGNATURE;
        signedCall = true;
        push(call);
        break;
      }
      case 'provider':
        if (fromGemini(part) && (GEMINI_PROVIDER_PART_KINDS as readonly string[]).includes(part.kind)) push({ [part.kind]: part.data } as GeminiPart);
        break;
      case 'tool-result':
        break;
    }
  }
  if (pendingSignature !== undefined) {
    const last = [...out].reverse().find((p) => !p.thought && p.thoughtSignature === undefined);
    if (last) last.thoughtSignature = pendingSignature;
  }
  return out;
}

/** User and tool turns: text, media and function responses. */
function userParts(parts: readonly ContentPart[], calls: ReadonlyMap<string, ToolCallPart>): GeminiPart[] {
  const out: GeminiPart[] = [];
  for (const part of parts) {
    if (part.type === 'text' && part.text !== '') out.push({ text: part.text });
    else if (part.type === 'image' || part.type === 'file') out.push(mediaToGeminiPart(part.source));
    else if (part.type === 'tool-result' && !part.native) out.push(functionResponse(part, calls));
  }
  return out;
}

/**
 * Turns a conversation into Gemini `contents` (roles `user` / `model`, tool results as
 * `functionResponse` parts in user turns, consecutive turns of one role merged) and collects
 * system texts for `systemInstruction`.
 */
export function toGeminiConversation(messages: readonly Message[], model: string): GeminiConversation {
  const calls = new Map<string, ToolCallPart>();
  for (const message of messages) for (const part of message.parts) if (part.type === 'tool-call') calls.set(part.id, part);

  const contents: GeminiContent[] = [];
  const systemTexts: string[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n');
      if (text !== '') systemTexts.push(text);
      continue;
    }
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = role === 'model' ? modelParts(message.parts, model) : userParts(message.parts, calls);
    if (parts.length === 0) continue;
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return { contents, systemTexts };
}
