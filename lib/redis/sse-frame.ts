import type { RelayedEvent } from './relayed-event.types';

/**
 * One relayed event as a Server-Sent Events frame: `id` is the stream entry id, so a reconnecting
 * `EventSource` sends it back as `Last-Event-ID` and the next read starts right after it.
 *
 * @example
 * streams.read(runId, req.headers['last-event-id'] as string | undefined).subscribe((e) => res.write(sseFrame(e)));
 */
export function sseFrame(relayed: RelayedEvent): string {
  return `id: ${relayed.id}\nevent: ${relayed.event.type}\ndata: ${JSON.stringify(relayed.event)}\n\n`;
}
