/**
 * Quickstart: one question, one answer. Uses DeepSeek when DEEPSEEK_API_KEY is set, the built-in
 * provider emulator otherwise (so it runs offline).
 */
import { ChatBuilder, Messages } from '../lib';
import { DeepSeekBuilder } from '../lib/providers/deepseek';
import { realOrEmulated } from './support/real-or-emulated';

async function main(): Promise<void> {
  const sample = await realOrEmulated({
    label: 'DeepSeek',
    envKeys: ['DEEPSEEK_API_KEY'],
    real: () => new DeepSeekBuilder().withModel('deepseek-chat').build(),
    emulated: (emulator) => new DeepSeekBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('sk-emulator').withModel('deepseek-chat').build(),
    script: [{ text: 'The Eiffel Tower is about 330 metres tall.' }],
  });
  try {
    const chat = new ChatBuilder().withModel(sample.provider).withSystemPrompt('Answer in one sentence.').build();
    const reply = await chat.complete(Messages.fromUser('How tall is the Eiffel Tower?'));
    console.log(reply.text);
    console.log(`(${reply.usage.inputTokens} tokens in, ${reply.usage.outputTokens} out, ${reply.metadata.provider}/${reply.metadata.model})`);
  } finally {
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
