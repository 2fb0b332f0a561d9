import type { Message } from '../../../lib/core/message.types';
import type { JsonObject } from '../../../lib/core/json.types';
import { UnsupportedFeatureError } from '../../../lib/errors/unsupported-feature.error';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { claudeOn, collect, newSession, rejection, stepFinish, user } from '../../support/claude-emulator';

describe('Claude server tools (native tools)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  const origin = { provider: 'claude', model: 'claude-sonnet-4-5' };
  const sources = [
    { url: 'https://example.com/a', title: 'A' },
    { url: 'https://example.com/b', title: 'B' },
  ];

  it('offers web search with its options, and returns the search call, its results and cited text', async () => {
    const s = newSession();
    emulator.script([{ text: 'Paris is sunny today.', sources }], s);
    const response = await claudeOn(emulator, s).complete({
      messages: [user('weather in Paris')],
      nativeTools: [{ kind: 'web-search', options: { max_uses: 2 } }],
    });
    const [request] = emulator.requests(s);
    expect((request.body as JsonObject).tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }]);
    expect(request.headers['anthropic-beta']).toBeUndefined();
    expect(response.parts).toEqual([
      { type: 'tool-call', id: expect.stringMatching(/^srvtoolu_/), name: 'web_search', arguments: { query: 'weather in Paris' }, status: 'completed', native: true, origin },
      { type: 'provider', kind: 'web_search_tool_result', data: expect.objectContaining({ type: 'web_search_tool_result' }), origin },
      { type: 'text', text: 'Paris is sunny today.', sources },
    ]);
    expect(response.finishReason.unified).toBe('stop');
  });

  it('streams the same parts as complete(), with no client tool-call events', async () => {
    const s = newSession();
    const reply = { text: 'Found it.', sources, codeExecution: { code: 'echo 4', output: '4\n' } };
    emulator.script([reply, reply], s);
    const claude = claudeOn(emulator, s);
    const request = { messages: [user('search then compute')], nativeTools: [{ kind: 'web-search' as const }, { kind: 'code-execution' as const }] };
    const events = await collect(claude.stream(request));
    expect(events.some((e) => e.type.startsWith('tool-call'))).toBe(false);
    const whole = await claude.complete(request);
    const withoutIds = (value: unknown): string => JSON.stringify(value).replace(/srvtoolu_\w+/g, 'srvtoolu');
    expect(withoutIds(stepFinish(events).response.parts)).toBe(withoutIds(whole.parts));
    expect(whole.parts.map((p) => (p.type === 'provider' ? p.kind : p.type))).toEqual([
      'tool-call',
      'web_search_tool_result',
      'tool-call',
      'bash_code_execution_tool_result',
      'text',
    ]);
    expect(emulator.requests(s)[0].headers['anthropic-beta']).toBe('code-execution-2025-08-25');
  });

  it('sends server tool calls and results back to Claude only', async () => {
    const s = newSession();
    emulator.script([{ text: 'Paris is sunny.', sources }, { text: 'ok' }], s);
    const claude = claudeOn(emulator, s, (b) => b.withHeaders({ 'anthropic-beta': 'other-beta' }));
    const nativeTools = [{ kind: 'web-search' as const }];
    const first = await claude.complete({ messages: [user('weather')], nativeTools });
    const foreign: Message = {
      role: 'assistant',
      parts: [{ type: 'tool-call', id: 'gs_1', name: 'google_search', arguments: {}, status: 'completed', native: true, origin: { provider: 'gemini', model: 'g' } }],
    };
    await claude.complete({ messages: [user('weather'), foreign, { role: 'assistant', parts: first.parts }, user('thanks')], nativeTools });
    const second = emulator.requests(s)[1];
    const assistant = (second.body as { messages: JsonObject[] }).messages[1];
    expect((assistant.content as JsonObject[]).map((b) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expect(JSON.stringify(second.body)).not.toContain('gs_1');
    expect(second.headers['anthropic-beta']).toBe('other-beta');
  });

  it('refuses native tools Claude does not have', async () => {
    const error = await rejection(claudeOn(emulator, newSession()).complete({ messages: [user('x')], nativeTools: [{ kind: 'google-maps' }] }));
    expect(error).toBeInstanceOf(UnsupportedFeatureError);
  });
});
