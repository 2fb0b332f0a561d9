/*
 * The two stream readers the stream and concurrency benches compare: the bare baseline (node:http,
 * split on blank lines, JSON.parse each event) and chat.stream(). Each resolves with the number of
 * text chunks it saw.
 */
import http from 'node:http';

type Chunk = { choices?: { delta?: { content?: string } }[] };

/** Reads one Chat Completions stream with node:http alone (the baseline). */
export function rawSseStream(base: URL, body: string, agent?: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method: 'POST',
        hostname: base.hostname,
        port: base.port,
        path: '/v1/chat/completions',
        agent,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let n = 0;
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          buffer += text;
          let start = 0;
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
            const frame = buffer.slice(start, end);
            start = end + 2;
            if (!frame.startsWith('data: ') || frame === 'data: [DONE]') continue;
            if ((JSON.parse(frame.slice(6)) as Chunk).choices?.[0]?.delta?.content) n++;
          }
          buffer = buffer.slice(start);
        });
        res.on('end', () => resolve(n));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What the readers need of a chat: `stream(prompt)` with `text-delta` events. */
interface StreamingChat {
  stream(prompt: string): { subscribe(observer: { next(event: { type: string }): void; error(e: unknown): void; complete(): void }): unknown };
}

/** Reads one stream through chat.stream(). */
export function chatStream(chat: StreamingChat, prompt: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    chat.stream(prompt).subscribe({
      next: (event) => {
        if (event.type === 'text-delta') n++;
      },
      error: reject,
      complete: () => resolve(n),
    });
  });
}
