import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { AxiosTransport } from '../../lib/transport/axios.transport';
import { NodeHttpTransport } from '../../lib/transport/node-http.transport';
import type { Transport } from '../../lib/transport/transport.types';
import { MAX_REDIRECTS } from '../../lib/transport/redirect';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A server whose routes answer `[status, headers, body]`; it records every request. */
async function serve(routes: Record<string, (port: number) => [number, Record<string, string>, string]>): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  let port = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const route = routes[req.url ?? ''];
      const [status, headers, body] = route ? route(port) : [404, {}, 'no route'];
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return { server, port, seen };
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/** Every HTTP transport, as users build them: the default, and the axios adapter with its own or the user's instance. */
const TRANSPORTS: ReadonlyArray<[string, () => Transport]> = [
  ['NodeHttpTransport', () => new NodeHttpTransport()],
  ['AxiosTransport', () => new AxiosTransport()],
];

describe.each(TRANSPORTS)('%s redirects', (_name, make) => {
  const transport = make();

  it('repeats a POST with its body and headers on 307 and 308', async () => {
    const { server, port, seen } = await serve({
      '/a': () => [307, { location: '/b' }, ''],
      '/b': () => [308, { location: '/c' }, ''],
      '/c': () => [200, { 'content-type': 'application/json' }, '{"ok":true}'],
    });
    try {
      const res = await transport.request({ url: `http://127.0.0.1:${port}/a`, body: { q: 1 }, headers: { authorization: 'Bearer sk-test-1234567890' }, provider: 'test' });
      expect(res.status).toBe(200);
      expect(res.body).toBe('{"ok":true}');
      expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
        ['POST', '/a', '{"q":1}'],
        ['POST', '/b', '{"q":1}'],
        ['POST', '/c', '{"q":1}'],
      ]);
      expect(seen[2].headers.authorization).toBe('Bearer sk-test-1234567890');
    } finally {
      await close(server);
    }
  });

  it('turns a POST into a GET without body on 303, 302 and 301', async () => {
    for (const status of [303, 302, 301]) {
      const { server, port, seen } = await serve({
        '/a': () => [status, { location: '/b' }, ''],
        '/b': () => [200, {}, 'done'],
      });
      try {
        const res = await transport.request({ url: `http://127.0.0.1:${port}/a`, body: { q: 1 }, provider: 'test' });
        expect(res.body).toBe('done');
        expect(seen[1]).toMatchObject({ method: 'GET', url: '/b', body: '' });
      } finally {
        await close(server);
      }
    }
  });

  it('drops credentials when a redirect leaves the host', async () => {
    const { server, port, seen } = await serve({
      '/a': (p) => [307, { location: `http://localhost:${p}/b` }, ''],
      '/b': () => [200, {}, 'elsewhere'],
    });
    try {
      const headers = { authorization: 'Bearer sk-test-1234567890', 'x-api-key': 'sk-test-abc', 'x-trace': 'kept' };
      const res = await transport.request({ url: `http://127.0.0.1:${port}/a`, body: {}, headers, provider: 'test' });
      expect(res.body).toBe('elsewhere');
      expect(seen[1].headers.host).toBe(`localhost:${port}`);
      expect(seen[1].headers.authorization).toBeUndefined();
      expect(seen[1].headers['x-api-key']).toBeUndefined();
      expect(seen[1].headers['x-trace']).toBe('kept');
    } finally {
      await close(server);
    }
  });

  it(`returns the redirect itself after ${MAX_REDIRECTS} hops, and a 3xx without location at once`, async () => {
    const { server, port, seen } = await serve({
      '/loop': () => [307, { location: '/loop' }, 'again'],
      '/bare': () => [302, {}, 'no location'],
    });
    try {
      const looped = await transport.request({ url: `http://127.0.0.1:${port}/loop`, provider: 'test' });
      expect(looped.status).toBe(307);
      expect(seen).toHaveLength(MAX_REDIRECTS + 1);
      const bare = await transport.request({ url: `http://127.0.0.1:${port}/bare`, provider: 'test' });
      expect([bare.status, bare.body]).toEqual([302, 'no location']);
    } finally {
      await close(server);
    }
  });

  it('follows a redirect before streaming the body', async () => {
    const { server, port, seen } = await serve({
      '/a': () => [307, { location: '/b', 'content-type': 'text/plain' }, 'moved'],
      '/b': () => [200, { 'content-type': 'text/event-stream' }, 'data: 1\n\n'],
    });
    try {
      const res = await transport.stream({ url: `http://127.0.0.1:${port}/a`, body: { stream: true }, provider: 'test' });
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) chunks.push(chunk as Buffer);
      expect(res.status).toBe(200);
      expect(Buffer.concat(chunks).toString('utf8')).toBe('data: 1\n\n');
      expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
        ['POST', '/a', '{"stream":true}'],
        ['POST', '/b', '{"stream":true}'],
      ]);
    } finally {
      await close(server);
    }
  });
});

describe.each([...TRANSPORTS, ['AxiosTransport with a user instance', () => new AxiosTransport({ axios: axios.create() })] as [string, () => Transport]])('%s streams', (_name, make) => {
  const transport = make();

  const read = async (body: NodeJS.ReadableStream): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  it('streams an error status with its body and lower-case headers', async () => {
    const { server, port } = await serve({ '/e': () => [429, { 'Retry-After': '3', 'content-type': 'application/json' }, '{"error":"slow down"}'] });
    try {
      const res = await transport.stream({ url: `http://127.0.0.1:${port}/e`, body: {}, provider: 'test' });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('3');
      expect(await read(res.body)).toBe('{"error":"slow down"}');
    } finally {
      await close(server);
    }
  });

  it('decodes a gzip body', async () => {
    const { gzipSync } = await import('node:zlib');
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/event-stream' }).end(gzipSync('data: zipped\n\n')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await transport.stream({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, body: {}, provider: 'test' });
      expect(await read(res.body)).toBe('data: zipped\n\n');
    } finally {
      await close(server);
    }
  });

  it('fails typed: refused connection, timeout before headers, abort before and during the body', async () => {
    const refused = await serve({});
    const refusedPort = refused.port;
    await close(refused.server);
    await expect(transport.stream({ url: `http://127.0.0.1:${refusedPort}/`, provider: 'test' })).rejects.toMatchObject({ name: 'NetworkError', provider: 'test' });

    const held: import('node:http').ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      if (req.url === '/slow') return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      held.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(transport.stream({ url: `${base}/slow`, timeout: 30, provider: 'test' })).rejects.toMatchObject({ name: 'TimeoutError' });

      const early = new AbortController();
      const pending = transport.stream({ url: `${base}/slow`, signal: early.signal, provider: 'test' });
      early.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortedError' });

      const late = new AbortController();
      const res = await transport.stream({ url: `${base}/open`, signal: late.signal, provider: 'test' });
      const first = await new Promise<string>((resolve) => res.body.once('data', (c: Buffer) => resolve(c.toString('utf8'))));
      expect(first).toBe('data: first\n\n');
      const ended = new Promise<string>((resolve) => {
        res.body.on('error', () => resolve('error'));
        res.body.on('close', () => resolve('close'));
      });
      late.abort();
      await expect(ended).resolves.toMatch(/error|close/);
      expect(res.body.destroyed).toBe(true);
    } finally {
      held.forEach((r) => r.destroy());
      await close(server);
    }
  });
});

describe('NodeHttpTransport streams with signalUntilResponse', () => {
  it('the signal aborts the request until the response, and no longer holds the body after it', async () => {
    const transport = new NodeHttpTransport();
    const held: import('node:http').ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      if (req.url === '/slow') return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      held.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const early = new AbortController();
      const pending = transport.stream({ url: `${base}/slow`, signal: early.signal, signalUntilResponse: true, provider: 'test' });
      early.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortedError' });

      const late = new AbortController();
      const res = await transport.stream({ url: `${base}/open`, signal: late.signal, signalUntilResponse: true, provider: 'test' });
      const first = await new Promise<string>((resolve) => res.body.once('data', (c: Buffer) => resolve(c.toString('utf8'))));
      expect(first).toBe('data: first\n\n');
      late.abort();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(res.body.destroyed).toBe(false);
      res.body.destroy();
    } finally {
      held.forEach((r) => r.destroy());
      await close(server);
    }
  });
});

describe.each(TRANSPORTS)('%s requests', (_name, make) => {
  const transport = make();

  it('returns the whole body of an error status, with lower-case headers, and decodes gzip', async () => {
    const { gzipSync } = await import('node:zlib');
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/zip') return void res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' }).end(gzipSync('{"zipped":true}'));
        res.writeHead(429, { 'Retry-After': '3', 'content-type': 'application/json' }).end('{"error":"slow down"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const limited = await transport.request({ url: `${base}/e`, body: {}, provider: 'test' });
      expect([limited.status, limited.headers['retry-after'], limited.body]).toEqual([429, '3', '{"error":"slow down"}']);
      const zipped = await transport.request({ url: `${base}/zip`, body: {}, provider: 'test' });
      expect(zipped.body).toBe('{"zipped":true}');
    } finally {
      await close(server);
    }
  });

  it('fails typed: the timeout covers the body, and an abort while the body arrives', async () => {
    const held: import('node:http').ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      held.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(transport.request({ url: `${base}/stall`, body: {}, timeout: 50, provider: 'test' })).rejects.toMatchObject({ name: 'TimeoutError', provider: 'test' });
      const controller = new AbortController();
      const pending = transport.request({ url: `${base}/stall`, body: {}, signal: controller.signal, provider: 'test' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortedError', provider: 'test' });
    } finally {
      held.forEach((r) => r.destroy());
      await close(server);
    }
  });
});

describe('AxiosTransport with a user instance', () => {
  it("sends requests and streams through the user's interceptors", async () => {
    const api = axios.create();
    api.interceptors.request.use((config) => {
      config.headers.set('x-request-id', 'req-42');
      return config;
    });
    const transport = new AxiosTransport({ axios: api });
    const { server, port, seen } = await serve({ '/r': () => [200, { 'content-type': 'application/json' }, '{"ok":1}'], '/s': () => [200, { 'content-type': 'text/event-stream' }, 'data: 1\n\n'] });
    try {
      expect((await transport.request({ url: `http://127.0.0.1:${port}/r`, body: {}, provider: 'test' })).body).toBe('{"ok":1}');
      const stream = await transport.stream({ url: `http://127.0.0.1:${port}/s`, body: {}, provider: 'test' });
      for await (const chunk of stream.body) expect(String(chunk)).toBe('data: 1\n\n');
      expect(seen.map((s) => [s.url, s.headers['x-request-id']])).toEqual([
        ['/r', 'req-42'],
        ['/s', 'req-42'],
      ]);
    } finally {
      await close(server);
    }
  });
});
