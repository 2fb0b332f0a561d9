import { ChatBuilder } from '../../../lib/chat';
import type { ChatProvider } from '../../../lib/core/provider.types';
import { Messages } from '../../../lib/core/messages';
import type { GenerationInterruptedEvent } from '../../../lib/core/stream-event.types';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { OllamaBuilder } from '../../../lib/providers/ollama';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { RouterBuilder } from '../../../lib/router';
import { ProviderEmulator } from '../../../lib/testing';
import { WebSocketTransport } from '../../../lib/transport/ws';
import { drive, story, transcript, wireTranscript } from '../../support/input-helpers';

const LONG = 'The tide rises slowly over the sand while gulls circle the harbour and the fishing boats come home one by one';

/** Interrupt-and-restart works on every provider: each wire's HTTP request is cut and the turn restarted. */
describe('input streaming on every provider (emulator wires)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });

  const providers: Array<[string, (session: string) => ChatProvider]> = [
    ['Responses', (s) => new ResponsesBuilder().withBaseUrl(emulator.url('/v1', s)).withModel('emulated-model').build()],
    ['Chat Completions', (s) => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1', s)).withModel('emulated-model').build()],
    ['Claude', (s) => new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey('sk-ant-emulator-key').withBaseUrl(emulator.url('', s)).build()],
    ['Gemini', (s) => new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('AIzaSy-emulator-0123456789').withBaseUrl(emulator.url('/v1beta', s)).build()],
    ['Ollama', (s) => new OllamaBuilder().withModel('llama3.2').withBaseUrl(emulator.url('', s)).build()],
    [
      'a router (Claude, then Chat Completions)',
      (s) =>
        new RouterBuilder()
          .addProvider(new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey('sk-ant-emulator-key').withBaseUrl(emulator.url('', s)).build(), { name: 'claude' })
          .addProvider(new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1', s)).withModel('emulated-model').build(), { name: 'completions' })
          .build(),
    ],
  ];

  it.each(providers)('%s: the cut request closes, the restart carries the partial turn and the input', async (name, make) => {
    const session = `input-${name}`;
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'Short.' }], session);
    const messages = Messages.fromUser('Describe the harbour.');
    const chat = new ChatBuilder().withModel(make(session)).build();
    const closed = emulator.waitForClientClose();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await run.when((e, i) => e.type === 'text-delta' && i >= 1);
    run.input.next('In three words.');
    await closed;
    const events = await run.done;

    expect(story(events)).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    const requests = emulator.requests(session);
    expect(requests).toHaveLength(2);
    expect(requests[0].closedByClient).toBe(true);
    const partial = (events.find((e) => e.type === 'generation-interrupted') as GenerationInterruptedEvent).partialText;
    expect(partial.length).toBeGreaterThan(0);
    const sent = JSON.stringify(requests[1].body);
    expect(sent).toContain('In three words.');
    expect(sent).toContain(partial.trim());
    expect(transcript(messages)).toEqual(['user: Describe the harbour.', `assistant[interrupted]: ${partial}`, 'user: In three words.', 'assistant[completed]: Short.']);
  });

  it('Responses over a WebSocket: input cuts the socket\'s response, the restart carries the input, the next turn chains', async () => {
    const session = 'input-websocket';
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'Short.' }, { text: 'Gulls and boats.' }], session);
    const transport = new WebSocketTransport({ pingIntervalMs: 0, idleTimeoutMs: 2_000 });
    try {
      const provider = new ResponsesBuilder().withBaseUrl(emulator.url('/v1', session)).withModel('emulated-model').withTransport(transport).build();
      const messages = Messages.fromUser('Describe the harbour.');
      const chat = new ChatBuilder().withModel(provider).build();
      const closed = emulator.waitForClientClose();
      const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
      await run.when((e, i) => e.type === 'text-delta' && i >= 1);
      run.input.next('In three words.');
      await closed;
      const events = await run.done;

      expect(story(events)).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
      const partial = (events.find((e) => e.type === 'generation-interrupted') as GenerationInterruptedEvent).partialText;
      const [cut, restart] = emulator.requests(session);
      expect(cut.method).toBe('WS');
      expect(cut.closedByClient).toBe(true); // the socket of the cut response was closed, not lent again
      expect(cut.completed).toBe(false);
      // the restart is a full re-send on a new socket: the cut response is no server state to chain from
      expect(restart.socket).not.toBe(cut.socket);
      expect((restart.body as { previous_response_id?: string }).previous_response_id).toBeUndefined();
      expect(wireTranscript(restart.body)).toEqual(['user: Describe the harbour.', `assistant: ${partial}`, 'user: In three words.']);
      expect(transcript(messages)).toEqual(['user: Describe the harbour.', `assistant[interrupted]: ${partial}`, 'user: In three words.', 'assistant[completed]: Short.']);

      // the next turn chains from the restarted response, on the same socket, sending only the new item
      messages.user('And the birds?');
      await expect(chat.complete(messages)).resolves.toMatchObject({ text: 'Gulls and boats.' });
      const next = emulator.requests(session)[2];
      expect(next.socket).toBe(restart.socket);
      expect((next.body as { previous_response_id?: string }).previous_response_id).toBe(messages.toArray()[3].metadata?.id);
      expect(wireTranscript(next.body)).toEqual(['user: And the birds?']);
      expect(transport.openSockets).toBe(1);
    } finally {
      await transport.dispose();
    }
  });
});
