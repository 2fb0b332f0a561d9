import type { ChatError } from '../../errors/chat.error';
import type { JsonValue } from '../../core/json.types';
import { ContentFilterError } from '../../errors/content-filter.error';
import type { TransportResponse } from '../../transport/transport.types';
import { errorFromResponse } from '../shared/error-body.handler';
import { readResponsesError } from '../responses/responses-error.reader';

type Obj = { readonly [key: string]: unknown };
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/**
 * The categories of an Azure content filter result that fired:
 * `{ hate: { filtered: true, severity: 'high' }, jailbreak: { filtered: true, detected: true }, ... }`
 * gives `['hate', 'jailbreak']`. Custom blocklists (`custom_blocklists: { filtered, details }`) count too.
 */
export function filteredCategories(result: unknown): string[] {
  const categories: string[] = [];
  for (const [name, value] of Object.entries(obj(result) ?? {})) {
    const entry = obj(value);
    if (entry?.filtered === true) categories.push(name);
  }
  return categories;
}

/**
 * Maps an Azure OpenAI error response. Content-filter refusals (`code: "content_filter"`, with
 * `innererror.code: "ResponsibleAIPolicyViolation"` and `innererror.content_filter_result`) become a
 * `ContentFilterError` naming the categories that fired, the whole filter report in `details`;
 * everything else is read like an OpenAI error body (`{ error: { code, message } }`, Azure's codes
 * such as `DeploymentNotFound` or `"429"`, `retry-after` / `retry-after-ms` headers).
 */
export function mapAzureError(provider: string, res: TransportResponse): ChatError {
  let body: Obj | undefined;
  try {
    body = obj(JSON.parse(res.body));
  } catch {
    body = undefined;
  }
  const error = obj(body?.error);
  const inner = obj(error?.innererror) ?? obj(error?.inner_error);
  const result = inner?.content_filter_result ?? inner?.content_filter_results ?? error?.content_filter_result;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  if (code === 'content_filter' || inner?.code === 'ResponsibleAIPolicyViolation' || result !== undefined) {
    const categories = filteredCategories(result);
    const message = typeof error?.message === 'string' ? error.message : undefined;
    return new ContentFilterError(
      `${provider} content filter blocked the request (HTTP ${res.status})${categories.length > 0 ? ` [${categories.join(', ')}]` : ''}${message ? `: ${message}` : ''}`,
      {
        provider,
        status: res.status,
        code: code ?? 'content_filter',
        providerMessage: message,
        categories,
        details: result === undefined ? undefined : (result as JsonValue),
      },
    );
  }
  return errorFromResponse(provider, res, readResponsesError);
}
