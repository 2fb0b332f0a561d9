import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { FinishEvent } from '../../../lib/core/stream-event.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing';
import { drive, story, transcript, wireTranscript } from '../../support/input-helpers';
import { deferred, makeTool, requireCity } from '../../support/test-tools';

/** Input pushed while a tool runs, or while the model writes a tool call. */
describe('input streaming: input during a tool call', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const provider = () => new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model').build();

  /** A weather tool that waits for the test before answering, recording its runs and its signal. */
  function slowWeather() {
    const started = deferred();
    const release = deferred();
    const runs: Array<{ city: string; signal: AbortSignal }> = [];
    const tool = makeTool({
      name: 'weather',
      validate: requireCity,
      execute: async ({ city }, context) => {
        runs.push({ city, signal: context.signal });
        started.resolve();
        await Promise.race([release.promise, new Promise((resolve) => context.signal.addEventListener('abort', resolve))]);
        return { city, celsius: 21 };
      },
    });
    return { tool, started, release, runs };
  }

  it('a running tool finishes, its result is kept, and the input follows it in the restarted request', async () => {
    const weather = slowWeather();
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'Paris: 21 degrees.' }]);
    const messages = Messages.fromUser('Weather in Paris?');
    const chat = new ChatBuilder().withModel(provider()).withTools([weather.tool]).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await weather.started.promise;
    run.input.next('In Fahrenheit too.');
    weather.release.resolve();
    const events = await run.done;

    expect(story(events)).toEqual(['step-finish', 'input-accepted', 'tool-result', 'generation-restarted', 'step-finish', 'finish']);
    expect(weather.runs).toHaveLength(1);
    expect(weather.runs[0].signal.aborted).toBe(false);
    expect(emulator.requests()).toHaveLength(2);
    expect(emulator.requests()[0].closedByClient).toBe(false);
    expect(wireTranscript(emulator.requests()[1].body)).toEqual([
      'user: Weather in Paris?',
      'call weather',
      'result call_1: {"city":"Paris","celsius":21}',
      'user: In Fahrenheit too.',
    ]);
    expect(transcript(messages)).toEqual([
      'user: Weather in Paris?',
      'assistant[completed]: <call weather completed>',
      'tool: weather={"city":"Paris","celsius":21}',
      'user: In Fahrenheit too.',
      'assistant[completed]: Paris: 21 degrees.',
    ]);
  });

  it("with runningTools: 'abort' the tool's signal fires and its aborted result is kept", async () => {
    const weather = slowWeather();
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'Never mind the weather.' }]);
    const messages = Messages.fromUser('Weather in Paris?');
    const chat = new ChatBuilder().withModel(provider()).withTools([weather.tool]).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0, runningTools: 'abort' } }));
    await weather.started.promise;
    run.input.next('Forget it, tell me a joke.');
    const events = await run.done;

    expect(weather.runs[0].signal.aborted).toBe(true);
    const result = events.find((e) => e.type === 'tool-result');
    expect(result).toMatchObject({ result: { callId: 'call_1', isError: true, error: { kind: 'aborted' } } });
    const wire = wireTranscript(emulator.requests()[1].body);
    expect(wire[0]).toBe('user: Weather in Paris?');
    expect(wire[1]).toBe('call weather');
    expect(wire[2]).toMatch(/^result call_1: "weather" was aborted/);
    expect(wire[3]).toBe('user: Forget it, tell me a joke.');
    expect(messages.findToolCall('call_1')?.status).toBe('failed');
    expect((events[events.length - 1] as FinishEvent<string>).output).toBe('Never mind the weather.');
  });

  it('finished tool work is kept and never re-run when input cuts the next generation', async () => {
    const weather = slowWeather();
    weather.release.resolve();
    emulator.script([
      { toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] },
      { text: 'It is twenty one degrees in Paris today with a light breeze and clear skies all afternoon', chunkDelayMs: 15 },
      { text: '21 °C.' },
    ]);
    const messages = Messages.fromUser('Weather in Paris?');
    const chat = new ChatBuilder().withModel(provider()).withTools([weather.tool]).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await run.when((e, i) => e.type === 'text-delta' && run.events.slice(0, i).some((x) => x.type === 'tool-result'));
    run.input.next('Just the number.');
    await run.done;

    expect(weather.runs).toHaveLength(1);
    expect(emulator.requests()).toHaveLength(3);
    expect(emulator.requests()[1].closedByClient).toBe(true);
    const wire = wireTranscript(emulator.requests()[2].body);
    expect(wire.slice(0, 3)).toEqual(['user: Weather in Paris?', 'call weather', 'result call_1: {"city":"Paris","celsius":21}']);
    expect(wire[3]).toMatch(/^assistant: It/);
    expect(wire[4]).toBe('user: Just the number.');
    expect(transcript(messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[completed]', 'tool', 'assistant[interrupted]', 'user', 'assistant[completed]']);
    expect(messages.toolResults()).toHaveLength(1);
  });

  it('input while the model writes a tool call: the cut call never runs and gets an aborted result', async () => {
    const weather = slowWeather();
    emulator.script([
      { text: 'Let me look that up for you right now', toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }], chunkDelayMs: 20 },
      { text: 'Rome: 25 degrees.' },
    ]);
    const messages = Messages.fromUser('Weather in Paris?');
    const chat = new ChatBuilder().withModel(provider()).withTools([weather.tool]).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await run.when((e) => e.type === 'tool-call-start' || (e.type === 'text-delta' && e.delta.startsWith('up')));
    run.input.next('Rome, not Paris.');
    await run.done;

    expect(weather.runs).toHaveLength(0);
    expect(emulator.requests()[0].closedByClient).toBe(true);
    const calls = messages.toolCalls();
    const results = messages.toolResults();
    expect(results.map((r) => r.callId).sort()).toEqual(calls.map((c) => c.id).sort());
    for (const result of results) expect(result.error?.kind).toBe('aborted');
    expect(messages.at(1)?.status).toBe('interrupted');
    expect(messages.last()?.parts).toEqual([{ type: 'text', text: 'Rome: 25 degrees.' }]);
    expect(wireTranscript(emulator.requests()[1].body).filter((l) => l.startsWith('user'))).toEqual(['user: Weather in Paris?', 'user: Rome, not Paris.']);
  });
});
