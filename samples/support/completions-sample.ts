import type { EmulatedReply } from '../../lib/testing';
import { ChatCompletionsBuilder, type ChatCompletionsProvider } from '../../lib/providers/completions';
import { realOrEmulated, type SampleProvider } from './real-or-emulated';

/** The provider of samples 03–06: OpenAI's Chat Completions API when OPENAI_API_KEY is set, the emulator otherwise. */
export function completionsSample(script: readonly EmulatedReply[]): Promise<SampleProvider<ChatCompletionsProvider>> {
  return realOrEmulated({
    label: 'OpenAI Chat Completions',
    envKeys: ['OPENAI_API_KEY'],
    real: () =>
      new ChatCompletionsBuilder()
        .withBaseUrl('https://api.openai.com/v1')
        .withApiKey(process.env.OPENAI_API_KEY ?? '')
        .withModel('gpt-4o-mini')
        .withStrictSchemas()
        .build(),
    emulated: (emulator) => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-4o-mini').build(),
    script,
  });
}
