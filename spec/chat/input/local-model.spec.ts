import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { FinishEvent, GenerationInterruptedEvent } from '../../../lib/core/stream-event.types';
import { LlamaCppBuilder, type LlamaCppProvider } from '../../../lib/providers/llama-cpp';
import { drive, story } from '../../support/input-helpers';
import { eventually, writeTinyModel, type TinyModelFile } from '../../providers/llama-cpp/tiny-model.fixture';

/** Interrupt-and-restart on the local model: generation stops at once and its sequence is freed. */
describe('input streaming on the local model (llama.cpp, generated tiny model)', () => {
  let file: TinyModelFile;
  let provider: LlamaCppProvider;

  beforeAll(async () => {
    file = await writeTinyModel({ neverEnds: true });
    provider = await new LlamaCppBuilder().withModelPath(file.path).withThreads(1).withLogLevel('error').build();
  });

  afterAll(async () => {
    await provider?.dispose();
    await file?.remove();
  });

  it('new input stops the generation, frees its sequence and restarts with the input', async () => {
    const model = provider.loadedModel;
    const before = model.stats().generatedTokens;
    const messages = Messages.fromUser('Go on forever.');
    const chat = new ChatBuilder().withModel(provider).withOptions({ maxTokens: 400, temperature: 0 }).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 300 } }));
    await run.when((e) => e.type === 'text-delta');
    run.input.next('Stop and say something short.');
    await run.when((e) => e.type === 'generation-interrupted');
    // the cut generation gives its sequence back while the restart still waits for the window
    await eventually(() => model.stats().busy === 0);
    expect(story(run.events)).not.toContain('generation-restarted');
    const cutAfter = model.stats().generatedTokens - before;
    expect(cutAfter).toBeLessThan(100); // the model never ends on its own: only the input stopped it
    const events = await run.done;

    expect(story(events)).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    const cut = events.find((e): e is GenerationInterruptedEvent => e.type === 'generation-interrupted')!;
    const finish = events[events.length - 1] as FinishEvent<string>;
    expect(finish.finishReason.unified).toBe('length');
    expect(model.stats().generatedTokens - before).toBe(cutAfter + 400); // the restart ran to maxTokens
    expect(messages.at(1)).toMatchObject({ role: 'assistant', status: 'interrupted', parts: [{ type: 'text', text: cut.partialText }] });
    expect(messages.at(2)?.parts).toEqual([{ type: 'text', text: 'Stop and say something short.' }]);
    expect(messages.at(3)?.status).toBe('completed');
    await eventually(() => model.stats().busy === 0);
  });
});
