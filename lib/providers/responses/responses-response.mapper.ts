import type { JsonSchema } from '../../core/json.types';
import type { ProviderResponse, ToolSpec } from '../../core/provider.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { errorFromResponsesFailure } from './responses-error.reader';
import { mapResponsesFinishReason } from './responses-finish-reason.mapper';
import { mapOutputItems, restoreParts } from './responses-output.mapper';
import { mapResponsesUsage } from './responses-usage.mapper';
import type { WireOutputItem, WireResponse } from './responses-wire.types';

/** What the mappers need to know about the request being answered. */
export interface ResponseContext {
  readonly provider: string;
  /** Requested model; the response's own `model` wins when present. */
  readonly model: string;
  readonly tools?: readonly ToolSpec[];
  /** Canonical schema of the structured output, to restore optional fields. */
  readonly format?: JsonSchema;
}

/**
 * Builds the provider-neutral response from a Response object and its output items (the body of
 * a non-streamed call, or the items a stream produced). A failed response is a typed error.
 */
export function buildProviderResponse(response: WireResponse, items: readonly WireOutputItem[], ctx: ResponseContext): ProviderResponse {
  const usage = mapResponsesUsage(response.usage);
  if (response.status === 'failed' || (response.error && response.status !== 'completed')) {
    throw errorFromResponsesFailure(ctx.provider, response.error, usage);
  }
  const model = typeof response.model === 'string' && response.model !== '' ? response.model : ctx.model;
  const origin = { provider: ctx.provider, model };
  const { parts, refused } = mapOutputItems(items, origin);
  restoreParts(parts, ctx.tools, ctx.format);
  return {
    parts,
    usage,
    finishReason: mapResponsesFinishReason(response.status, response.incomplete_details?.reason, parts, refused),
    metadata: { ...(response.id ? { id: response.id } : {}), model, provider: ctx.provider },
  };
}

/** Maps a non-streamed `POST /responses` body. */
export function mapResponsesBody(body: unknown, ctx: ResponseContext): ProviderResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidResponseError(`${ctx.provider} returned a response that is not an object`, { provider: ctx.provider });
  }
  const response = body as WireResponse;
  if (response.status !== 'failed' && !Array.isArray(response.output)) {
    if (typeof response.error === 'object' && response.error !== null) throw errorFromResponsesFailure(ctx.provider, response.error);
    throw new InvalidResponseError(`${ctx.provider} returned a response without an output array`, { provider: ctx.provider });
  }
  return buildProviderResponse(response, response.output ?? [], ctx);
}
