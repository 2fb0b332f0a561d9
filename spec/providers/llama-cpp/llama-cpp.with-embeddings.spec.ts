import { ChatBuilder } from '../../../lib/chat';
import { ChatError } from '../../../lib/errors';
import { LlamaCppBuilder, type LlamaCppProvider } from '../../../lib/providers/llama-cpp';
import { writeTinyModel, type TinyModelFile } from './tiny-model.fixture';

describe('LlamaCppBuilder.withEmbeddings()', () => {
  let file: TinyModelFile;
  const providers: LlamaCppProvider[] = [];
  const base = () => new LlamaCppBuilder().withModelPath(file.path).withChatFormat('chatML').withThreads(1).withLogLevel('error');

  beforeAll(async () => (file = await writeTinyModel({ seed: 3 })));
  afterAll(async () => {
    await Promise.all(providers.map((p) => p.dispose()));
    await file?.remove();
  });

  it('records the embedding context size in the model options (and keeps an earlier one when given none)', () => {
    expect(base().withEmbeddings({ contextSize: 256 }).toModelOptions().embeddingContextSize).toBe(256);
    expect(base().withEmbeddingContextSize(128).withEmbeddings().toModelOptions().embeddingContextSize).toBe(128);
    expect(base().withEmbeddings().toModelOptions().embeddingContextSize).toBeUndefined();
  });

  it('builds a provider whose chat.embed() runs on an embedding context of that size', async () => {
    const small = await base().withEmbeddings({ contextSize: 64 }).build();
    const large = await base().withEmbeddings({ contextSize: 1024 }).build();
    providers.push(small, large);
    const long = 'a text far longer than the small embedding context holds, in byte tokens. '.repeat(8);
    const chat = new ChatBuilder().withModel(large).build();
    const response = await chat.embed(['short', long]);
    expect(response.vectors).toHaveLength(2);
    expect(response.vectors[0]).toHaveLength(64);
    await expect(new ChatBuilder().withModel(small).build().embed(['short'])).resolves.toMatchObject({ dimensions: 64 });
    await expect(small.embed({ texts: [long] })).rejects.toBeInstanceOf(ChatError);
  });
});
