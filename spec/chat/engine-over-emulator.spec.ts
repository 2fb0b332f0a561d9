import { lastValueFrom, take, toArray } from 'rxjs';
import { ChatBuilder, textDeltas } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { ProviderEmulator } from '../../lib/testing';
import { makeTool, requireCity } from '../support/test-tools';

/** The engine over a real provider and real sockets: the emulator speaking the Responses wire. */
describe('engine over the provider emulator', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const openai = () => new OpenAIBuilder().withModel('emulated-gpt').withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator').build();
  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 21 }) });

  it('runs the tool loop over HTTP and sends the results back on the wire', async () => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'It is 21 degrees in Paris.' }]);
    const messages = Messages.fromUser('Weather in Paris?');
    const reply = await new ChatBuilder().withModel(openai()).withTools([weather]).build().complete(messages);
    expect(reply.text).toBe('It is 21 degrees in Paris.');
    expect(emulator.requests()).toHaveLength(2);
    expect(JSON.stringify(emulator.requests()[1].body)).toContain('{\\"city\\":\\"Paris\\",\\"celsius\\":21}');
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('unsubscribing the engine stream closes the HTTP request the emulator is serving', async () => {
    emulator.script([{ text: 'one two three four five six seven eight nine ten', chunkDelayMs: 20 }]);
    const messages = Messages.fromUser('Count');
    const closed = emulator.waitForClientClose();
    const chat = new ChatBuilder().withModel(openai()).build();
    const first = await lastValueFrom(chat.stream(messages).pipe(textDeltas(), take(2), toArray()));
    expect(first.length).toBe(2);
    await closed;
    expect(messages.last()?.status).toBe('interrupted');
    expect(messages.last()?.parts[0]).toMatchObject({ type: 'text', text: first.join('') });
  });
});
