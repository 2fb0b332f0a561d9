import { McpConnectionError, McpToolError, McpToolSet, type McpProgressEvent } from '../../lib/mcp';
import { TimeoutError } from '../../lib/errors';
import type { ToolContext } from '../../lib/core/tool.types';
import { startEverythingHttp, everythingStdio, useEverythingTransports } from '../support/mcp-servers';

jest.setTimeout(60_000);

function context(signal: AbortSignal = new AbortController().signal, callId = 'call-1'): ToolContext {
  return { context: undefined, signal, messages: [], callId };
}

const everything = useEverythingTransports();
const { transports } = everything;

describe.each(transports)('McpToolSet against server-everything over %s', (_label, config) => {
  let set: McpToolSet;
  const progress: McpProgressEvent[] = [];
  beforeAll(async () => {
    set = await McpToolSet.connect({ servers: { everything: config() }, onProgress: (e) => progress.push(e), timeoutMs: 20_000 });
  });
  afterAll(async () => {
    await set?.dispose();
  });
  const tool = (name: string) => {
    const found = set.tools.find((t) => t.name === name);
    if (!found) throw new Error(`no tool ${name} in ${set.tools.map((t) => t.name).join(', ')}`);
    return found;
  };

  it('lists the tools with their JSON Schema passed through', () => {
    expect(set.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-structured-content', 'get-tiny-image', 'trigger-long-running-operation']));
    const sum = tool('get-sum');
    expect(sum.description).toBe('Returns the sum of two numbers');
    expect(sum.parameters).toEqual({ type: 'object', properties: { a: { type: 'number', description: 'First number' }, b: { type: 'number', description: 'Second number' } }, required: ['a', 'b'] });
    expect(sum.metadata).toMatchObject({ requiresApproval: false, mcp: { server: 'everything', tool: 'get-sum', annotations: { readOnlyHint: true } } });
  });

  it('calls a tool with arguments', async () => {
    await expect(tool('echo').execute({ message: 'hello MCP' }, context())).resolves.toBe('Echo: hello MCP');
    await expect(tool('get-sum').execute({ a: 2, b: 40 }, context())).resolves.toMatch(/42/);
  });

  it('validates arguments against the schema before the call', async () => {
    await expect(tool('get-sum').validate({ a: 1, b: 2 })).resolves.toEqual({ ok: true, value: { a: 1, b: 2 } });
    const bad = await tool('get-sum').validate({ a: 'one' });
    expect(bad.ok).toBe(false);
    await expect(tool('echo').validate([1, 2])).resolves.toEqual({ ok: false, message: 'expected a JSON object' });
  });

  it('returns structured content as the object', async () => {
    await expect(tool('get-structured-content').execute({ location: 'Chicago' }, context())).resolves.toEqual({ temperature: 36, conditions: 'Light rain / drizzle', humidity: 82 });
  });

  it('keeps image blocks (base64 and MIME type) next to the text', async () => {
    const out = (await tool('get-tiny-image').execute({}, context())) as Array<{ type: string; mimeType?: string; data?: string }>;
    const image = out.find((b) => b.type === 'image');
    expect(image?.mimeType).toBe('image/png');
    expect(Buffer.from(image?.data ?? '', 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(out.some((b) => b.type === 'text')).toBe(true);
  });

  it('turns an isError result into an McpToolError carrying the server text', async () => {
    const error = await tool('get-sum').execute({ a: 'x' }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpToolError);
    expect((error as McpToolError).message).toMatch(/Input validation error/);
    expect((error as McpToolError).toolName).toBe('get-sum');
    expect((error as McpToolError).isRetryable).toBe(false);
  });

  it('reports progress notifications with the call id', async () => {
    progress.length = 0;
    await expect(tool('trigger-long-running-operation').execute({ duration: 0.3, steps: 3 }, context(undefined, 'progress-call'))).resolves.toMatch(/Steps: 3/);
    // the SDK dispatches notifications in a microtask and responses at once: when the last progress
    // and the result arrive in one chunk, the SDK drops that progress (its handler is gone)
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3].slice(0, progress.length));
    for (const p of progress) expect(p).toMatchObject({ server: 'everything', tool: 'trigger-long-running-operation', callId: 'progress-call', total: 3 });
  });

  it('cancels a running call on abort, and the connection keeps working', async () => {
    progress.length = 0;
    const abort = new AbortController();
    const running = tool('trigger-long-running-operation').execute({ duration: 60, steps: 600 }, context(abort.signal, 'to-cancel'));
    const outcome = running.then(() => 'finished', (e: Error) => e.constructor.name);
    while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    await expect(outcome).resolves.toBe('AbortedError');
    await expect(tool('echo').execute({ message: 'still here' }, context())).resolves.toBe('Echo: still here');
  });

  it('times out a call that outlives timeoutMs with a TimeoutError', async () => {
    const short = await McpToolSet.connect({ servers: { everything: config() }, timeoutMs: 300 });
    try {
      const slow = short.tools.find((t) => t.name === 'trigger-long-running-operation');
      const error = await slow?.execute({ duration: 5, steps: 1 }, context()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).message).toMatch(/did not answer within 300 ms while calling "trigger-long-running-operation"/);
    } finally {
      await short.dispose();
    }
  });
});

describe('McpToolSet across servers and crashes', () => {
  it('namespaces the tools of two servers whose names clash, and calls each on its own server', async () => {
    const set = await McpToolSet.connect({ servers: { left: everythingStdio({ include: ['echo', 'get-sum'] }), right: everything.http().config({ include: ['echo'], prefix: 'web' }) } });
    try {
      expect(set.tools.map((t) => t.name).sort()).toEqual(['get-sum', 'left_echo', 'web_echo']);
      const web = set.tools.find((t) => t.name === 'web_echo');
      expect(web?.server).toBe('right');
      await expect(web?.execute({ message: 'via http' }, context())).resolves.toBe('Echo: via http');
      await expect(set.tools.find((t) => t.name === 'left_echo')?.execute({ message: 'via stdio' }, context())).resolves.toBe('Echo: via stdio');
    } finally {
      await set.dispose();
    }
  });

  it('fails a call with McpConnectionError when the stdio server dies mid-call, then starts it anew', async () => {
    const progress: McpProgressEvent[] = [];
    const set = await McpToolSet.connect({ servers: { everything: everythingStdio() }, onProgress: (e) => progress.push(e) });
    try {
      const first = set.pid('everything');
      expect(first).toEqual(expect.any(Number));
      const slow = set.tools.find((t) => t.name === 'trigger-long-running-operation');
      const running = slow?.execute({ duration: 60, steps: 600 }, context()).catch((e: unknown) => e);
      while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
      process.kill(first as number, 'SIGKILL');
      const error = await running;
      expect(error).toBeInstanceOf(McpConnectionError);
      expect((error as McpConnectionError).message).toMatch(/MCP server "everything" closed the connection while calling "trigger-long-running-operation"/);
      expect((error as McpConnectionError).isRetryable).toBe(true);
      await expect(set.tools.find((t) => t.name === 'echo')?.execute({ message: 'again' }, context())).resolves.toBe('Echo: again');
      expect(set.pid('everything')).not.toBe(first);
    } finally {
      await set.dispose();
    }
  });

  it('fails a call with McpConnectionError when the HTTP server dies mid-call', async () => {
    const own = await startEverythingHttp();
    const progress: McpProgressEvent[] = [];
    const set = await McpToolSet.connect({ servers: { web: own.config() }, onProgress: (e) => progress.push(e), timeoutMs: 20_000 });
    try {
      const running = set.tools.find((t) => t.name === 'trigger-long-running-operation')?.execute({ duration: 60, steps: 600 }, context()).catch((e: unknown) => e);
      while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
      await own.stop();
      const error = await running;
      expect(error).toBeInstanceOf(McpConnectionError);
      expect((error as McpConnectionError).server).toBe('web');
    } finally {
      await set.dispose();
      await own.stop();
    }
  });

  it('reconnects to an HTTP server that went away and came back (a new session)', async () => {
    let own = await startEverythingHttp();
    const port = Number(new URL(own.url).port);
    const set = await McpToolSet.connect({ servers: { web: own.config({ include: ['echo'] }) } });
    try {
      const echo = set.tools[0];
      await expect(echo.execute({ message: 'one' }, context())).resolves.toBe('Echo: one');
      await own.stop();
      const down = await echo.execute({ message: 'down' }, context()).catch((e: unknown) => e);
      expect([(down as Error).constructor.name, (down as Error).message]).toEqual(['McpConnectionError', expect.stringMatching(/MCP server "web" could not be reached while calling "echo"/)]);
      own = await startEverythingHttp(port);
      await expect(echo.execute({ message: 'two' }, context())).resolves.toBe('Echo: two');
      // restarted between two calls: the old session is unknown (404), a new one is started and the call sent again
      await own.stop();
      own = await startEverythingHttp(port);
      await expect(echo.execute({ message: 'three' }, context())).resolves.toBe('Echo: three');
    } finally {
      await set.dispose();
      await own.stop();
    }
  });

  it('fails to connect with McpConnectionError for a command that is not an MCP server', async () => {
    const error = await McpToolSet.connect({ servers: { broken: { command: process.execPath, args: ['-e', 'console.error("no MCP here"); process.exit(3)'] } }, connectTimeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpConnectionError);
    expect((error as McpConnectionError).server).toBe('broken');
    expect((error as McpConnectionError).stderrTail).toContain('no MCP here');
  });

  it('keeps the bearer token and headers out of messages, JSON and inspect', async () => {
    const error = await McpToolSet.connect({ servers: { web: { url: 'http://127.0.0.1:9/mcp', bearerToken: 'sk-secret-token-123', headers: { 'x-api-key': 'hdr-secret-456' } } }, connectTimeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpConnectionError);
    const shown = `${(error as Error).message} ${JSON.stringify(error)} ${require('node:util').inspect(error, { depth: 5 })}`;
    expect(shown).not.toContain('sk-secret-token-123');
    expect(shown).not.toContain('hdr-secret-456');
  });

  it('keeps the bearer token out of the set and its tools (inspect, JSON)', async () => {
    const set = await McpToolSet.connect({ servers: { web: everything.http().config({ bearerToken: 'sk-secret-token-789', headers: { 'x-api-key': 'hdr-secret-012' }, include: ['echo'] }) } });
    try {
      const { inspect } = require('node:util') as typeof import('node:util');
      const shown = `${inspect(set, { depth: 8, showHidden: true })} ${inspect(set.tools, { depth: 8, showHidden: true })} ${JSON.stringify(set.tools)}`;
      expect(shown).not.toContain('sk-secret-token-789');
      expect(shown).not.toContain('hdr-secret-012');
      await expect(set.tools[0].execute({ message: 'authorised' }, context())).resolves.toBe('Echo: authorised');
    } finally {
      await set.dispose();
    }
  });

  it('stops the stdio server on dispose', async () => {
    const set = await McpToolSet.connect({ servers: { everything: everythingStdio() } });
    const pid = set.pid('everything') as number;
    await set.dispose();
    const { alive } = await import('../support/mcp-servers');
    let tries = 0;
    while (alive(pid) && tries++ < 100) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
    await expect(set.tools[0].execute({}, context())).rejects.toBeInstanceOf(McpConnectionError);
  });
});
