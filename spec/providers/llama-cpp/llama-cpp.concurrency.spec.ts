import type { ProviderResponse } from '../../../lib/core/provider.types';
import { AbortedError, ConfigurationError, ContextLengthExceededError } from '../../../lib/errors';
import { LlamaCppBuilder, LlamaCppModel, QueueFullError, type LlamaCppProvider } from '../../../lib/providers/llama-cpp';
import { eventually, userSays, writeTinyModel, type TinyModelFile } from './tiny-model.fixture';

describe('LlamaCppModel concurrency and lifecycle', () => {
  let file: TinyModelFile;
  let model: LlamaCppModel;
  let provider: LlamaCppProvider;

  beforeAll(async () => {
    file = await writeTinyModel({ neverEnds: true });
    model = await new LlamaCppBuilder()
      .withModelPath(file.path)
      .withChatFormat('chatML')
      .withSequences(2)
      .withQueueLimit(1)
      .withContextSize(1024)
      .withLogLevel('error')
      .buildModel();
    provider = await new LlamaCppBuilder().withLoadedModel(model).build();
  });

  afterAll(async () => {
    await model?.dispose();
    await file?.remove();
  });

  const ask = (maxTokens: number, signal?: AbortSignal): Promise<ProviderResponse> =>
    provider.complete({ messages: userSays('Count'), options: { maxTokens }, signal });

  it('runs two requests on separate sequences, queues the third, refuses the fourth', async () => {
    const running = [ask(40), ask(40)];
    await eventually(() => model.stats().busy === 2);
    const queued = ask(5);
    expect(model.stats()).toMatchObject({ sequences: 2, busy: 2, queued: 1 });
    const refused = ask(5);
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({ isRetryable: true, provider: 'llama-cpp' });
    const results = await Promise.all([...running, queued]);
    expect(results.map((r) => r.usage.outputTokens)).toEqual([40, 40, 5]);
    expect(model.stats()).toMatchObject({ busy: 0, queued: 0 });
  });

  it('an aborted request leaves the queue without running', async () => {
    const running = [ask(30), ask(30)];
    await eventually(() => model.stats().busy === 2);
    const controller = new AbortController();
    const queued = ask(5, controller.signal);
    expect(model.stats().queued).toBe(1);
    const before = model.stats().generatedTokens;
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortedError);
    expect(model.stats().queued).toBe(0);
    await Promise.all(running);
    expect(model.stats().generatedTokens - before).toBeLessThanOrEqual(60);
  });

  it('a prompt or embedding input longer than the context is a ContextLengthExceededError, and the sequence is freed', async () => {
    const long = 'x'.repeat(3000);
    await expect(provider.complete({ messages: userSays(long), options: { maxTokens: 5 } })).rejects.toBeInstanceOf(ContextLengthExceededError);
    await expect(provider.embed({ texts: [long] })).rejects.toBeInstanceOf(ContextLengthExceededError);
    expect(model.stats()).toMatchObject({ busy: 0, queued: 0 });
  });

  it('without maxTokens, generates until the context is full (length finish, no context shift)', async () => {
    const response = await provider.complete({ messages: userSays('Go') });
    expect(response.finishReason.unified).toBe('length');
    expect(response.usage.totalTokens).toBe(model.info.contextSize);
  });

  it('providers built on a loaded model share it and do not dispose it', async () => {
    const other = await new LlamaCppBuilder().withLoadedModel(model).build();
    await other.dispose();
    expect(model.disposed).toBe(false);
    expect((await other.complete({ messages: userSays('Hi'), options: { maxTokens: 2 } })).usage.outputTokens).toBe(2);
  });

  it('dispose stops running requests, refuses queued and later ones with ConfigurationError', async () => {
    const second = await LlamaCppModel.load({ modelPath: file.path, chatFormat: 'chatML', sequences: 1, queueLimit: 2, logLevel: 'error' });
    const owner = await new LlamaCppBuilder().withLoadedModel(second).build();
    const running = owner.complete({ messages: userSays('Long'), options: { maxTokens: 5000 } });
    await eventually(() => second.stats().generatedTokens > 0);
    const queued = owner.complete({ messages: userSays('Queued'), options: { maxTokens: 5 } });
    const outcomes = Promise.allSettled([running, queued]);
    await second.dispose();
    const [stopped, refused] = await outcomes;
    expect(stopped).toMatchObject({ status: 'rejected', reason: { code: 'disposed' } });
    expect(refused).toMatchObject({ status: 'rejected' });
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ConfigurationError);
    expect(second.stats().generatedTokens).toBeLessThan(5000);
    await expect(owner.complete({ messages: userSays('Late') })).rejects.toMatchObject({ code: 'disposed' });
    await expect(owner.embed({ texts: ['x'] })).rejects.toMatchObject({ code: 'disposed' });
    expect(second.disposed).toBe(true);
    expect(() => second.info).toThrow(ConfigurationError);
    expect(() => second.countTokens('x')).toThrow(ConfigurationError);
    await second.dispose();
  });
});
