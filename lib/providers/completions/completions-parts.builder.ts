import type { ContentPart, PartOrigin, Source, ToolCallPart } from '../../core/content-part.types';
import { asArray, asObject, asString, nonEmpty } from './completions-wire.guards';

/** What an answer holds once read (whole or streamed). */
export interface AnswerContent {
  readonly reasoning: string;
  readonly text: string;
  readonly sources: readonly Source[];
  readonly toolCalls: readonly ToolCallPart[];
}

/** Assembles the parts of an answer: reasoning (with its origin), text (with sources), then tool calls. */
export function assembleParts(answer: AnswerContent, origin: PartOrigin): ContentPart[] {
  const parts: ContentPart[] = [];
  if (answer.reasoning) parts.push({ type: 'reasoning', text: answer.reasoning, origin });
  if (answer.text) parts.push(answer.sources.length > 0 ? { type: 'text', text: answer.text, sources: [...answer.sources] } : { type: 'text', text: answer.text });
  parts.push(...answer.toolCalls);
  return parts;
}

/** Sources of a body or chunk: Perplexity `search_results` (with titles) or `citations` (URLs). */
export function readSources(body: Record<string, unknown>): Source[] | undefined {
  if (body.search_results === undefined && body.citations === undefined) return undefined;
  const results = asArray(body.search_results)
    .map((r) => asObject(r))
    .flatMap((r) => {
      const url = nonEmpty(r?.url);
      if (!url) return [];
      const title = asString(r?.title);
      return [title ? { url, title } : { url }];
    });
  if (results.length > 0) return results;
  const citations = asArray(body.citations).flatMap((c) => (typeof c === 'string' && c ? [{ url: c }] : []));
  return citations.length > 0 ? citations : undefined;
}
