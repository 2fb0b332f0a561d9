import type { ToolCallPart } from '../../core/content-part.types';
import type { ProviderResponse } from '../../core/provider.types';
import { emptyUsage } from '../../core/usage.helpers';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { readContent, readReasoningField, type ContentPiece } from './completions-content.reader';
import { errorFromPayload } from './completions-error.reader';
import { mapFinishReason } from './completions-finish-reason.mapper';
import { assembleParts, readSources } from './completions-parts.builder';
import { mapWireToolCall } from './completions-tool-call.parser';
import { usageOf } from './completions-usage.mapper';
import { asArray, asObject, asString, nonEmpty } from './completions-wire.guards';
import { ThinkTagSplitter } from './think-tag.splitter';

/** What response mapping needs besides the body. */
export interface ResponseMappingContext {
  readonly provider: string;
  /** The model asked for (used when the body names none). */
  readonly model: string;
  readonly thinkTags?: boolean;
}

function splitThink(pieces: ContentPiece[]): ContentPiece[] {
  const splitter = new ThinkTagSplitter();
  return pieces.flatMap((p) => (p.kind === 'text' ? splitter.push(p.text) : [p])).concat(splitter.end());
}

/**
 * Maps a whole `chat.completion` body to a neutral response: reasoning (`reasoning_content`,
 * `reasoning`, Mistral `thinking` chunks, optionally `<think>` tags), text, tool calls (invalid
 * argument JSON kept in `rawArguments`), usage and finish reason. A body that is not a completion
 * is an `InvalidResponseError`; an `error` object inside a 200 body is mapped to its typed error.
 */
export function mapResponse(body: unknown, ctx: ResponseMappingContext): ProviderResponse {
  const root = asObject(body);
  if (!root) throw new InvalidResponseError(`${ctx.provider} returned a body that is not a JSON object`, { provider: ctx.provider });
  if (root.error !== undefined && root.error !== null && root.choices === undefined) throw errorFromPayload(ctx.provider, root);
  const choice = asObject(asArray(root.choices).find((c) => (asObject(c)?.index ?? 0) === 0) ?? asArray(root.choices)[0]);
  const message = asObject(choice?.message);
  if (!choice || !message) {
    throw new InvalidResponseError(`${ctx.provider} returned a completion without a message (no choices)`, { provider: ctx.provider });
  }
  let pieces = readContent(message.content);
  if (ctx.thinkTags) pieces = splitThink(pieces);
  const reasoning = (readReasoningField(message) ?? '') + pieces.filter((p) => p.kind === 'reasoning').map((p) => p.text).join('');
  let text = pieces.filter((p) => p.kind === 'text').map((p) => p.text).join('');
  const refusal = nonEmpty(message.refusal);
  if (refusal && !text) text = refusal;
  const toolCalls = asArray(message.tool_calls)
    .map(mapWireToolCall)
    .filter((c): c is ToolCallPart => c !== undefined);
  const model = nonEmpty(root.model) ?? ctx.model;
  const id = nonEmpty(root.id);
  return {
    parts: assembleParts({ reasoning, text, sources: readSources(root) ?? [], toolCalls }, { provider: ctx.provider, model }),
    usage: usageOf(root) ?? emptyUsage(),
    finishReason: mapFinishReason(asString(choice.finish_reason) ?? undefined, toolCalls.length > 0, refusal !== undefined),
    metadata: { ...(id ? { id } : {}), model, provider: ctx.provider },
  };
}
