import { inspect } from 'node:util';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import type { JsonValue } from '../../lib/core/json.types';
import type { ChatProvider, ProviderRequest } from '../../lib/core/provider.types';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { OllamaBuilder } from '../../lib/providers/ollama';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { ProviderEmulator } from '../../lib/testing/emulator';
import { AxiosTransport, secretHeaders, type Transport, type TransportRequest, type TransportResponse, type TransportStream } from '../../lib/transport';
import { WebSocketTransport } from '../../lib/transport/ws';

const KEYS = {
  completions: 'sk-log-completions-0123456789abcdef',
  ollama: 'sk-log-ollama-0123456789abcdef',
  claude: 'sk-ant-log-claude-0123456789abcdef',
  gemini: 'AIzaSy-log-gemini-0123456789abcdef',
  openai: 'sk-log-openai-0123456789abcdef',
  ws: 'sk-log-websocket-0123456789abcdef',
};

/** A custom transport that logs every request the way a careless wrapper would. */
class LoggingTransport implements Transport {
  readonly lines: string[] = [];
  /** Present only when the wrapped transport has it (providers pick the WebSocket path by it). */
  readonly events?: (request: TransportRequest) => Observable<JsonValue>;
  constructor(private readonly inner: Transport) {
    if (inner.events) {
      const events = inner.events.bind(inner);
      this.events = (request) => {
        this.log(request);
        return events(request);
      };
    }
  }
  private log(request: TransportRequest): void {
    this.lines.push(JSON.stringify(request), inspect(request, { depth: 10 }), inspect(request, { depth: 10, showHidden: true }), `${JSON.stringify(request.headers)}`);
  }
  request(request: TransportRequest): Promise<TransportResponse> {
    this.log(request);
    return this.inner.request(request);
  }
  stream(request: TransportRequest): Promise<TransportStream> {
    this.log(request);
    return this.inner.stream(request);
  }
}

const ask = (text: string): ProviderRequest => ({ messages: [{ role: 'user', parts: [{ type: 'text', text }] }] });
const drain = (provider: ChatProvider) => lastValueFrom(provider.stream(ask('stream')).pipe(toArray()));

describe('request headers never print the API key', () => {
  let emulator: ProviderEmulator;
  const axios = new AxiosTransport();
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('secretHeaders(): redacted when printed, real on access and spread', () => {
    const headers = secretHeaders({ authorization: 'Bearer abc-not-registered-123456', 'x-custom': 'visible', 'x-api-key': 'k-123456789' });
    expect(JSON.parse(JSON.stringify({ headers }))).toEqual({ headers: { authorization: '[REDACTED]', 'x-custom': 'visible', 'x-api-key': '[REDACTED]' } });
    expect(inspect({ deep: { headers } }, { depth: 5 })).not.toMatch(/abc-not-registered|k-123456789/);
    expect({ ...headers }).toEqual({ authorization: 'Bearer abc-not-registered-123456', 'x-custom': 'visible', 'x-api-key': 'k-123456789' });
    expect(headers.authorization).toBe('Bearer abc-not-registered-123456');
    expect(Object.keys(headers)).toEqual(['authorization', 'x-custom', 'x-api-key']);
  });

  const cases: { name: string; header: string; expected: string; session: string; make: (t: Transport, url: (path: string) => string) => ChatProvider; embed?: boolean }[] = [
    {
      name: 'Chat Completions',
      header: 'authorization',
      expected: `Bearer ${KEYS.completions}`,
      session: 'cc',
      make: (t, url) => new ChatCompletionsBuilder().withBaseUrl(url('/v1')).withModel('m').withApiKey(KEYS.completions).withEmbeddings('e').withTransport(t).build(),
      embed: true,
    },
    {
      name: 'Ollama',
      header: 'authorization',
      expected: `Bearer ${KEYS.ollama}`,
      session: 'ollama',
      make: (t, url) => new OllamaBuilder().withBaseUrl(url('/v1')).withModel('llama').withApiKey(KEYS.ollama).withEmbeddings('nomic').withTransport(t).build(),
      embed: true,
    },
    {
      name: 'Claude',
      header: 'x-api-key',
      expected: KEYS.claude,
      session: 'claude',
      make: (t, url) => new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey(KEYS.claude).withBaseUrl(url('')).withTransport(t).build(),
    },
    {
      name: 'Gemini',
      header: 'x-goog-api-key',
      expected: KEYS.gemini,
      session: 'gemini',
      make: (t, url) => new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey(KEYS.gemini).withBaseUrl(url('/v1beta')).withTransport(t).build(),
      embed: true,
    },
    {
      name: 'OpenAI (Responses)',
      header: 'authorization',
      expected: `Bearer ${KEYS.openai}`,
      session: 'openai',
      make: (t, url) => new OpenAIBuilder().withModel('gpt').withEmbeddings('text-embedding-3-small').withCustomUrl(url('/v1')).withApiKey(KEYS.openai).withTransport(t).build(),
      embed: true,
    },
  ];

  it.each(cases)('$name: logged requests show no key; the server still receives it', async ({ header, expected, session, make, embed }) => {
    emulator.script([{ text: 'one' }, { text: 'two' }], session);
    const logging = new LoggingTransport(axios);
    const provider = make(logging, (path) => emulator.url(path, session));
    await provider.complete(ask('complete'));
    await drain(provider);
    if (embed) await provider.embed({ texts: ['a', 'b'] });
    const recorded = emulator.requests(session);
    expect(recorded).toHaveLength(embed ? 3 : 2);
    for (const r of recorded) expect(r.headers[header]).toBe(expected);
    expect(logging.lines.length).toBe(recorded.length * 4);
    for (const line of logging.lines) {
      expect(line).toContain('[REDACTED]');
      for (const key of Object.values(KEYS)) expect(line).not.toContain(key);
    }
  });

  it('WebSocket upgrade: the logged request shows no key; the upgrade carries it', async () => {
    const ws = new WebSocketTransport({ poolSize: 1, pingIntervalMs: 0 });
    try {
      emulator.script([{ text: 'over the socket' }], 'ws');
      const logging = new LoggingTransport(ws);
      const provider = new OpenAIBuilder().withModel('gpt-ws').withCustomUrl(emulator.url('/v1', 'ws')).withApiKey(KEYS.ws).withTransport(logging).build();
      const events = await drain(provider);
      expect(events.at(-1)?.type).toBe('step-finish');
      const [upgrade] = emulator.requests('ws');
      expect(upgrade.method).toBe('WS');
      expect(upgrade.headers.authorization).toBe(`Bearer ${KEYS.ws}`);
      expect(logging.lines.length).toBe(4);
      for (const line of [...logging.lines, inspect(ws), JSON.stringify(ws)]) expect(line).not.toContain(KEYS.ws);
    } finally {
      await ws.dispose();
    }
  });
});
