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
import { drive, story, transcript } from '../../support/input-helpers';

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
});
