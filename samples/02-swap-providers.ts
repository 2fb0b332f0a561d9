/**
 * The same code through every Chat Completions builder: only the provider changes. Each provider is
 * the real one when its key is set (Ollama: when OLLAMA_HOST is set and answers), the built-in
 * provider emulator otherwise.
 */
import { ChatBuilder, Messages, type ChatProvider } from '../lib';
import { CerebrasBuilder } from '../lib/providers/cerebras';
import { ChatCompletionsBuilder } from '../lib/providers/completions';
import { DeepSeekBuilder } from '../lib/providers/deepseek';
import { HuggingFaceBuilder } from '../lib/providers/huggingface';
import { OllamaBuilder } from '../lib/providers/ollama';
import { ProviderEmulator } from '../lib/testing';

async function ask(provider: ChatProvider, question: string): Promise<string> {
  const chat = new ChatBuilder().withModel(provider).withOptions({ maxTokens: 200 }).build();
  return (await chat.complete(Messages.fromUser(question))).text;
}

async function main(): Promise<void> {
  const emulator = await ProviderEmulator.start();
  const offline = (name: string, env: string): boolean => {
    const live = Boolean(process.env[env]);
    console.log(live ? `${name}: real API (${env} is set)` : `${name}: ${env} not set, using the built-in emulator (offline)`);
    return !live;
  };
  const providers: ChatProvider[] = [];
  providers.push(
    offline('DeepSeek', 'DEEPSEEK_API_KEY')
      ? new DeepSeekBuilder().withBaseUrl(emulator.url('/v1', 'deepseek')).withApiKey('sk-emulator').withModel('deepseek-chat').build()
      : new DeepSeekBuilder().withModel('deepseek-chat').build(),
  );
  providers.push(
    offline('Cerebras', 'CEREBRAS_API_KEY')
      ? new CerebrasBuilder().withBaseUrl(emulator.url('/v1', 'cerebras')).withApiKey('csk-emulator').withModel('llama3.1-8b').build()
      : new CerebrasBuilder().withModel('llama3.1-8b').build(),
  );
  providers.push(
    offline('Hugging Face', 'HF_TOKEN')
      ? new HuggingFaceBuilder().withBaseUrl(emulator.url('/v1', 'huggingface')).withApiKey('hf_emulator').withModel('deepseek-ai/DeepSeek-R1').build()
      : new HuggingFaceBuilder().withModel('deepseek-ai/DeepSeek-R1').build(),
  );
  const realOllama = new OllamaBuilder().withModel('llama3.2').build();
  const ollamaLive = Boolean(process.env.OLLAMA_HOST) && (await realOllama.ping());
  console.log(ollamaLive ? 'Ollama: real server at OLLAMA_HOST' : 'Ollama: OLLAMA_HOST not set or not answering, using the built-in emulator (offline)');
  providers.push(ollamaLive ? realOllama : new OllamaBuilder().withBaseUrl(emulator.url('/v1', 'ollama')).withModel('llama3.2').build());
  providers.push(new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1', 'generic')).withModel('any-model').build());

  for (const [session, text] of Object.entries({
    deepseek: 'Paris.',
    cerebras: 'Paris, on the Seine.',
    huggingface: '<think>The capital of France is Paris.</think>Paris.',
    ollama: 'It is Paris.',
    generic: 'Paris!',
  })) {
    emulator.script([{ text }], session);
  }
  try {
    for (const provider of providers) {
      console.log(`${provider.id.padEnd(12)} → ${await ask(provider, 'What is the capital of France? One word.')}`);
    }
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
