import { Observable } from 'rxjs';
import type { JsonValue } from '../../../lib/core/json.types';
import { ConfigurationError, RateLimitError } from '../../../lib/errors';
import { ResponsesBuilder, ResponsesProvider } from '../../../lib/providers/responses';
import type { Transport, TransportRequest } from '../../../lib/transport/transport.types';
import { collect, finalResponse, rejection, textOf, userText } from '../../support/responses-helpers';

/** A message transport (the shape a WebSocket transport has): each request answers with scripted messages. */
class ScriptedEventsTransport implements Transport {
  readonly sent: TransportRequest[] = [];
  unsubscribed = 0;
  constructor(private readonly messages: JsonValue[]) {}
  async request(): Promise<never> {
    throw new Error('HTTP not expected');
  }
  async stream(): Promise<never> {
    throw new Error('HTTP not expected');
  }
  events(request: TransportRequest): Observable<JsonValue> {
    this.sent.push(request);
    return new Observable<JsonValue>((subscriber) => {
      for (const m of this.messages) subscriber.next(m);
      // stays open like a socket: the provider must stop at the terminal event
      return () => this.unsubscribed++;
    });
  }
}

const completed: JsonValue[] = [
  { type: 'response.created', response: { id: 'resp_ws', status: 'in_progress', model: 'm', output: [] } },
  { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
  { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Over ' },
  { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'the socket.' },
  {
    type: 'response.completed',
    response: {
      id: 'resp_ws',
      status: 'completed',
      model: 'm',
      output: [{ id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Over the socket.', annotations: [] }] }],
      usage: { input_tokens: 4, output_tokens: 3, total_tokens: 7 },
    },
  },
];

describe('ResponsesBuilder', () => {
  it('compiles build() only after withModel()', () => {
    const builder = new ResponsesBuilder().withBaseUrl('http://127.0.0.1:9/v1');
    // @ts-expect-error build() needs withModel() first
    expect(() => builder.build()).toThrow(ConfigurationError);
    const provider = builder.withModel('m').build();
    expect(provider).toBeInstanceOf(ResponsesProvider);
    expect(provider).toMatchObject({ id: 'responses', model: 'm' });
    expect(provider.capabilities).toMatchObject({ tools: true, structuredOutput: true, streaming: true, embeddings: false, nativeTools: ['web-search', 'image-generation'] });
  });

  it('requires a base URL (at compile time, and at run time for JavaScript callers) and takes a provider id', () => {
    const noUrl = new ResponsesBuilder().withModel('m');
    // @ts-expect-error build() needs withBaseUrl() first
    expect(() => noUrl.build()).toThrow(ConfigurationError);
    expect(new ResponsesBuilder().withBaseUrl('http://x/v1').withModel('m').withProviderId('lmstudio').build().id).toBe('lmstudio');
  });

  it('carries the same events over a message transport (stream and complete), stopping at the terminal event', async () => {
    const transport = new ScriptedEventsTransport(completed);
    const provider = new ResponsesBuilder().withBaseUrl('wss://example.test/v1').withModel('m').withApiKey('sk-ws-test-key-1234').withTransport(transport).build();
    const events = await collect(provider.stream({ messages: [userText('hi')] }));
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta)).toEqual(['Over ', 'the socket.']);
    expect(finalResponse(events)).toMatchObject({ metadata: { id: 'resp_ws' }, usage: { inputTokens: 4, outputTokens: 3 } });
    expect(transport.unsubscribed).toBe(1);
    const whole = await provider.complete({ messages: [userText('hi')] });
    expect(textOf(whole)).toBe('Over the socket.');
    expect(transport.sent[1]).toMatchObject({ url: 'wss://example.test/v1/responses', headers: { authorization: 'Bearer sk-ws-test-key-1234' } });
    expect((transport.sent[1].body as { stream?: boolean }).stream).toBeUndefined();
  });

  it('types an error event over a message transport', async () => {
    const transport = new ScriptedEventsTransport([completed[0], { type: 'error', error: { type: 'requests', code: 'rate_limit_exceeded', message: 'slow down' } }]);
    const provider = new ResponsesBuilder().withBaseUrl('wss://x/v1').withModel('m').withTransport(transport).build();
    expect(await rejection(provider.complete({ messages: [userText('hi')] }))).toBeInstanceOf(RateLimitError);
  });
});
