import { request } from 'node:http';
import { Observable } from 'rxjs';
import type { RelayedEvent } from '../../lib/redis';

/**
 * A Server-Sent Events client over a real HTTP request, as a browser's `EventSource` would make it:
 * sends `Last-Event-ID` when given, parses `id`/`data` frames as they arrive, completes when the
 * server ends the response; unsubscribing drops the connection (a client that goes away).
 */
export function sseEvents(url: string, lastEventId?: string): Observable<RelayedEvent> {
  return new Observable<RelayedEvent>((subscriber) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => frame.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const id = field('id');
          const data = field('data');
          if (id !== undefined && data !== undefined) subscriber.next({ id, event: JSON.parse(data) as RelayedEvent['event'] });
        }
      });
      res.on('end', () => subscriber.complete());
      res.on('error', (error) => subscriber.error(error));
    });
    req.on('error', (error) => subscriber.error(error));
    req.end();
    return () => req.destroy();
  });
}
