import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse, ChatModelSegment } from 'node-llama-cpp';
import type { ContentPart, PartOrigin, ToolResultPart } from '../../core/content-part.types';
import type { Message } from '../../core/message.types';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';

/** The provider id parts from this provider carry in `origin.provider`. */
export const LLAMA_CPP_PROVIDER = 'llama-cpp';

function parsedResult(part: ToolResultPart): unknown {
  let value: unknown = part.content;
  try {
    value = JSON.parse(part.content);
  } catch {
    // plain text results stay strings
  }
  return part.isError ? { error: value } : value;
}

function textOf(parts: readonly ContentPart[], role: string): string {
  return parts
    .map((part) => {
      if (part.type === 'text') return part.text;
      if (part.type === 'image' || part.type === 'file') {
        throw new UnsupportedFeatureError(`llama-cpp: ${part.type} parts are not supported in ${role} messages (text-only model)`, {
          provider: LLAMA_CPP_PROVIDER,
          code: `${part.type}-input`,
        });
      }
      return '';
    })
    .filter((text) => text.length > 0)
    .join('\n');
}

function isOwn(origin: PartOrigin | undefined): boolean {
  return origin === undefined || origin.provider === LLAMA_CPP_PROVIDER;
}

/**
 * Converts a chat-ts conversation into node-llama-cpp chat history. An assistant turn and the tool
 * results that follow it become one model response (node-llama-cpp keeps function calls and their
 * results inside the response); reasoning becomes a thought segment when this provider wrote it and
 * is dropped otherwise; provider parts are dropped; images and files are refused.
 */
export function toChatHistory(messages: readonly Message[], system?: string): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const calls = new Map<string, ChatModelFunctionCall>();
  if (system) history.push({ type: 'system', text: system });

  const currentModel = (): ChatModelResponse => {
    const last = history[history.length - 1];
    if (last?.type === 'model') return last;
    const created: ChatModelResponse = { type: 'model', response: [] };
    history.push(created);
    return created;
  };
  const addResults = (parts: readonly ContentPart[]): void => {
    for (const part of parts) {
      if (part.type !== 'tool-result' || part.native) continue;
      const call = calls.get(part.callId);
      if (call) call.result = parsedResult(part);
      else history.push({ type: 'user', text: `Result of tool ${part.name}: ${part.content}` });
    }
  };

  for (const message of messages) {
    if (message.role === 'system') {
      const text = textOf(message.parts, 'system');
      if (text) history.push({ type: 'system', text });
    } else if (message.role === 'user') {
      addResults(message.parts);
      const text = textOf(message.parts, 'user');
      if (text || !message.parts.some((p) => p.type === 'tool-result')) history.push({ type: 'user', text });
    } else if (message.role === 'tool') {
      addResults(message.parts);
    } else {
      const response = currentModel().response;
      for (const part of message.parts) {
        if (part.type === 'text' && part.text) {
          const last = response[response.length - 1];
          if (typeof last === 'string') response[response.length - 1] = last + part.text;
          else response.push(part.text);
        } else if (part.type === 'reasoning' && part.text && !part.redacted && isOwn(part.origin)) {
          const segment: ChatModelSegment = { type: 'segment', segmentType: 'thought', text: part.text, ended: true };
          response.push(segment);
        } else if (part.type === 'tool-call' && !part.native) {
          const call: ChatModelFunctionCall = {
            type: 'functionCall',
            name: part.name,
            params: part.approval?.editedArguments ?? part.arguments,
            result: '(no result)',
          };
          calls.set(part.id, call);
          response.push(call);
        }
      }
      addResults(message.parts);
    }
  }
  return history;
}
