/**
 * Azure OpenAI: a plain answer, a streamed answer and a tool call on the Responses API of an Azure
 * deployment, then the same deployment through Chat Completions on deployment URLs with an
 * `api-version`. Uses the real Azure resource when AZURE_OPENAI_API_KEY is set (with
 * AZURE_OPENAI_ENDPOINT or AZURE_OPENAI_RESOURCE_NAME, and AZURE_OPENAI_DEPLOYMENT, default
 * `gpt-4.1-mini`), the built-in provider emulator otherwise.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { Length } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools } from '../lib';
import { AzureOpenAIBuilder } from '../lib/providers/azure';
import { realOrEmulated } from './support/real-or-emulated';
import { printEvents } from './support/print-events';

const DEPLOYMENT = process.env.AZURE_OPENAI_DEPLOYMENT ?? 'gpt-4.1-mini';

class WeatherArgs {
  /** City name. */
  @Length(1, 80) city!: string;
}

class WeatherTools {
  @Tool({ description: 'Current weather of a city.' })
  async getWeather(args: WeatherArgs): Promise<{ city: string; celsius: number; sky: string }> {
    return { city: args.city, celsius: 19, sky: 'partly cloudy' };
  }
}

async function main(): Promise<void> {
  // A builder factory: the endpoint and the key come from the environment (real) or the emulator.
  const { provider: azure, close } = await realOrEmulated({
    label: 'Azure OpenAI',
    envKeys: ['AZURE_OPENAI_API_KEY'],
    real: () => () => new AzureOpenAIBuilder().withDeployment(DEPLOYMENT),
    // The emulator serves Azure's paths under /openai and wants an `api-key` header (or a bearer token).
    emulated: (emulator) => () => new AzureOpenAIBuilder().withBaseUrl(emulator.url('/openai')).withDeployment(DEPLOYMENT).withApiKey('azure-emulator-key'),
    script: [
      { text: 'Azure OpenAI serves OpenAI models from your own Azure resource, behind your network and identity rules.' },
      { text: 'Deployments pin a model version; the endpoint stays the same when you swap the model behind it.' },
      { toolCalls: [{ id: 'call_1', name: 'getWeather', arguments: { city: 'Seattle' } }] },
      { text: 'It is 19°C and partly cloudy in Seattle.' },
      { text: 'Chat Completions on a deployment URL answers too.' },
    ],
  });

  // 1. A plain answer: POST …/openai/v1/responses, the deployment as the model.
  const chat = new ChatBuilder().withModel(azure().build()).build();
  const plain = await chat.complete('In one sentence: what is Azure OpenAI?');
  console.log(`[answer] ${plain.text}`);

  // 2. A streamed answer: text deltas as they arrive.
  process.stdout.write('[stream] ');
  await lastValueFrom(chat.stream(Messages.fromUser('In one sentence: why use deployments?')).pipe(printEvents()));
  console.log();

  // 3. A tool call: the engine runs getWeather and sends its result back.
  const withTools = new ChatBuilder().withModel(azure().build()).withTools(collectTools(new WeatherTools())).build();
  const finish = await lastValueFrom(withTools.stream(Messages.fromUser('What is the weather in Seattle?')).pipe(printEvents()));
  if (finish.type === 'finish') console.log(`\n[finish] ${finish.finishReason.unified}, ${finish.usage.totalTokens} tokens`);

  // 4. Chat Completions on deployment URLs: POST …/openai/deployments/<deployment>/chat/completions?api-version=2024-10-21
  const completions = azure().withChatCompletions().withDeploymentUrls().withApiVersion('2024-10-21').build();
  const legacy = await new ChatBuilder().withModel(completions).build().complete('Say hello from a deployment URL.');
  console.log(`[chat completions] ${legacy.text}`);

  await close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
