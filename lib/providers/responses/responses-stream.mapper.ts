import type { ModelStreamEvent } from '../../core/stream-event.types';
import type { SseEvent } from '../../transport/sse.parser';
import type { WireStreamMapper } from '../shared/event-stream';
import { NOT_AN_OBJECT } from './responses-event.guard';
import type { ResponseContext } from './responses-response.mapper';
import { ResponsesStreamState } from './responses-stream.state';
import type { WireStreamEvent } from './responses-wire.types';

/**
 * Parses one Responses event payload (an SSE `data:` or a WebSocket message). The type comes
 * from the payload's `type`, else from the SSE `event:` line. Returns undefined for `[DONE]`.
 * JSON that is not an object (`42`, `[...]`, `null`) becomes an event of the type
 * {@link NOT_AN_OBJECT}, which the stream skips with a warning; JSON that does not parse throws.
 */
export function parseResponsesEvent(data: unknown, eventName: string | undefined): WireStreamEvent | undefined {
  let value = data;
  if (typeof data === 'string') {
    if (data.trim() === '[DONE]' || data.trim() === '') return undefined;
    value = JSON.parse(data) as unknown;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { type: NOT_AN_OBJECT } as WireStreamEvent;
  const type = (value as { type?: unknown }).type;
  if (typeof type === 'string') return value as WireStreamEvent;
  if (eventName) return { ...(value as object), type: eventName } as WireStreamEvent;
  return undefined;
}

/** The SSE stream mapper of the Responses wire: `event: <type>` / `data: <json>`, `[DONE]` ignored. */
export function responsesStreamMapper(ctx: ResponseContext, warnings: readonly string[] = []): WireStreamMapper<SseEvent, ModelStreamEvent> {
  const state = new ResponsesStreamState(ctx);
  let warned = false;
  const flushWarnings = (next: (e: ModelStreamEvent) => void): void => {
    if (warned) return;
    warned = true;
    for (const message of warnings) next({ type: 'warning', message });
  };
  return {
    onEvent(event, next) {
      flushWarnings(next);
      const parsed = parseResponsesEvent(event.data, event.event);
      if (parsed) state.handle(parsed, next);
    },
    onEnd(next) {
      flushWarnings(next);
      state.end(next);
    },
  };
}
