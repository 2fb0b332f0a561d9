import type { ContentPart, ToolCallPart } from '../../lib/core/content-part.types';
import type { Message } from '../../lib/core/message.types';
import type { ProviderResponse } from '../../lib/core/provider.types';
import type { Usage } from '../../lib/core/usage.types';

/* What a recorded Gemini answer says, read straight from the wire JSON (independently of the provider). */

type WirePart = {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { name?: string; args?: unknown; willContinue?: boolean; partialArgs?: unknown };
  functionResponse?: { name: string; response: unknown };
  executableCode?: unknown;
  codeExecutionResult?: unknown;
};
type WireEvent = {
  candidates?: Array<{ content?: { parts?: WirePart[] }; finishReason?: string }>;
  usageMetadata?: Record<string, number | undefined>;
};

/** Expected facts of one recorded answer (a whole body or the events of a stream). */
export interface RecordedFacts {
  readonly text: string;
  readonly thoughts: string;
  readonly signatures: string[];
  /** Calls sent whole: name and args. */
  readonly wholeCalls: Array<{ name: string; args: unknown }>;
  /** Names of calls streamed in `partialArgs` pieces. */
  readonly pieceCallNames: string[];
  readonly finishReason?: string;
  readonly usage: Usage;
}

/** Reads the facts of recorded events (one event for a whole response). */
export function recordedFacts(events: readonly unknown[]): RecordedFacts {
  let text = '';
  let thoughts = '';
  const signatures: string[] = [];
  const wholeCalls: Array<{ name: string; args: unknown }> = [];
  const pieceCallNames: string[] = [];
  let finishReason: string | undefined;
  let usage: Record<string, number | undefined> = {};
  for (const event of events as WireEvent[]) {
    if (event.usageMetadata) usage = event.usageMetadata;
    const candidate = event.candidates?.[0];
    if (candidate?.finishReason) finishReason = candidate.finishReason;
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thoughtSignature) signatures.push(part.thoughtSignature);
      if (part.functionCall) {
        const call = part.functionCall;
        if (call.name && call.willContinue) pieceCallNames.push(call.name);
        else if (call.name) wholeCalls.push({ name: call.name, args: call.args ?? {} });
      } else if (typeof part.text === 'string') {
        if (part.thought) thoughts += part.text;
        else text += part.text;
      }
    }
  }
  const input = (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0);
  const output = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
  const expectedUsage: Usage = { inputTokens: input, outputTokens: output, totalTokens: usage.totalTokenCount ?? input + output };
  if (usage.thoughtsTokenCount !== undefined) expectedUsage.reasoningTokens = usage.thoughtsTokenCount;
  if (usage.cachedContentTokenCount !== undefined) expectedUsage.cachedInputTokens = usage.cachedContentTokenCount;
  return { text, thoughts, signatures, wholeCalls, pieceCallNames, finishReason, usage: expectedUsage };
}

/** The same facts, read from what the provider returned. */
export function responseFacts(response: ProviderResponse): Omit<RecordedFacts, 'pieceCallNames' | 'usage' | 'finishReason'> & { calls: ToolCallPart[] } {
  const parts = response.parts;
  const calls = parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
  return {
    text: parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(''),
    thoughts: parts.flatMap((p) => (p.type === 'reasoning' ? [p.text] : [])).join(''),
    signatures: parts.flatMap((p) => (p.type === 'reasoning' && p.signature ? [p.signature] : [])),
    wholeCalls: calls.map((c) => ({ name: c.name, args: c.arguments })),
    calls,
  };
}

/** Standard and URL-safe base64 compare equal (pydantic-ai re-encodes signatures URL-safe). */
export function sameBase64(a: string | undefined, b: string | undefined): boolean {
  const norm = (s: string | undefined) => s?.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  return norm(a) === norm(b);
}

type WireContent = { role?: string; parts?: WirePart[] };

/**
 * Rebuilds the conversation of a recorded follow-up request: model turns are the provider's own
 * earlier answers (so their signatures make the round trip), user turns and function responses
 * are read from the recording.
 */
export function conversationFromRecording(contents: readonly WireContent[], answers: readonly ProviderResponse[]): Message[] {
  const messages: Message[] = [];
  let answer = 0;
  let lastCalls: ToolCallPart[] = [];
  for (const content of contents) {
    if (content.role === 'model') {
      const parts: ContentPart[] = answers[answer++]?.parts ?? [];
      lastCalls = parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
      messages.push({ role: 'assistant', parts });
      continue;
    }
    const parts: ContentPart[] = [];
    const used = new Set<string>();
    let tool = false;
    for (const part of content.parts ?? []) {
      if (typeof part.text === 'string') parts.push({ type: 'text', text: part.text });
      if (part.functionResponse) {
        tool = true;
        const call = lastCalls.find((c) => c.name === part.functionResponse?.name && !used.has(c.id));
        if (call) used.add(call.id);
        parts.push({ type: 'tool-result', callId: call?.id ?? part.functionResponse.name, name: part.functionResponse.name, content: JSON.stringify(part.functionResponse.response) });
      }
    }
    messages.push({ role: tool ? 'tool' : 'user', parts });
  }
  return messages;
}
