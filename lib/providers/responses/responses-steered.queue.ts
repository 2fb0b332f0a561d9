import type { ContentPart } from '../../core/content-part.types';
import type { ProviderRequest } from '../../core/provider.types';

const MAX_ENTRIES = 256;

function sameParts(a: readonly ContentPart[], b: readonly ContentPart[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * EXPERIMENTAL (native steering). Steered input a Responses server still holds for a response that
 * stopped for tool results (`response.steer.pending`): the server prepends it to the next request
 * chained from that response, so that request must not carry it again. The engine sends the input
 * itself after the tool results; this queue takes those user messages out of the request when it
 * chains from the response (a request re-sent in full keeps them: the server's queue is gone).
 */
export class SteeredInputQueue {
  private readonly byResponse = new Map<string, ContentPart[][]>();

  /** The server holds `inputs` for the continuation of `responseId`. */
  add(responseId: string, inputs: readonly ContentPart[][]): void {
    this.byResponse.set(responseId, [...(this.byResponse.get(responseId) ?? []), ...inputs.map((p) => [...p])]);
    if (this.byResponse.size > MAX_ENTRIES) this.byResponse.delete(this.byResponse.keys().next().value as string);
  }

  /** `request` without the user messages the server already holds for `previous` (the response it chains from). */
  withoutQueued(request: ProviderRequest, previous: string | undefined): ProviderRequest {
    const queued = previous === undefined ? undefined : this.byResponse.get(previous);
    if (!queued) return request;
    this.byResponse.delete(previous!);
    const messages = [...request.messages];
    let from = messages.length;
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i].role === 'assistant' && messages[i].metadata?.id === previous) {
        from = i + 1;
        break;
      }
    }
    for (const parts of queued) {
      const at = messages.findIndex((m, i) => i >= from && m.role === 'user' && sameParts(m.parts, parts));
      if (at >= 0) messages.splice(at, 1);
    }
    return { ...request, messages };
  }
}
