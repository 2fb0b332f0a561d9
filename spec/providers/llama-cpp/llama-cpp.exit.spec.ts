import { LlamaCppModel, LlamaCppProvider } from '../../../lib/providers/llama-cpp';
import { eventually, userSays, writeTinyModel, type TinyModelFile } from './tiny-model.fixture';

describe('models still loaded when the process is about to exit', () => {
  let file: TinyModelFile;

  beforeAll(async () => {
    file = await writeTinyModel();
  });

  afterAll(() => file.remove());

  it('are disposed on beforeExit, and a model loaded afterwards works', async () => {
    const model = await LlamaCppModel.load({ modelPath: file.path, chatFormat: 'chatML', logLevel: 'error' });
    process.emit('beforeExit', 0);
    await eventually(() => model.disposed);
    const next = await LlamaCppModel.load({ modelPath: file.path, chatFormat: 'chatML', logLevel: 'error' });
    const provider = new LlamaCppProvider({ model: next });
    expect((await provider.complete({ messages: userSays('Hi'), options: { maxTokens: 2 } })).usage.outputTokens).toBe(2);
    await provider.dispose();
    expect(next.disposed).toBe(true);
  });
});
