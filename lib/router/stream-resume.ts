import type { ProviderRequest, ProviderResponse } from '../core/provider.types';

/** The instruction that asks the next provider to continue a cut answer. */
export const RESUME_INSTRUCTION = 'Your previous answer was cut off. Continue it exactly where it stops, without repeating anything.';

/** The request for the next provider: the same conversation plus the text delivered so far, to continue. */
export function resumeRequest(request: ProviderRequest, delivered: string): ProviderRequest {
  return {
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', parts: [{ type: 'text', text: delivered }], status: 'interrupted' },
      { role: 'user', parts: [{ type: 'text', text: RESUME_INSTRUCTION }] },
    ],
  };
}

/** The final response of a resumed turn: the delivered text first, then the continuation. */
export function mergeResumed(delivered: string, response: ProviderResponse): ProviderResponse {
  const parts = [...response.parts];
  const i = parts.findIndex((p) => p.type === 'text');
  if (i >= 0) {
    const p = parts[i] as { type: 'text'; text: string };
    parts[i] = { ...p, text: delivered + p.text };
  } else parts.unshift({ type: 'text', text: delivered });
  return { ...response, parts };
}
