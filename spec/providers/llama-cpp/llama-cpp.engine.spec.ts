import { IsBoolean, IsIn, IsInt } from 'class-validator';
import { ChatBuilder } from '../../../lib/chat';
import type { ToolDefinition } from '../../../lib/core/tool.types';
import { Messages } from '../../../lib/core/messages';
import { Schema } from '../../../lib/decorators';
import { LlamaCppBuilder, type LlamaCppProvider } from '../../../lib/providers/llama-cpp';
import { writeTinyModel, type TinyModelFile } from './tiny-model.fixture';

@Schema({ description: 'A product review, classified' })
class Review {
  @IsIn(['positive', 'negative', 'mixed']) sentiment!: 'positive' | 'negative' | 'mixed';
  @IsBoolean() recommended!: boolean;
  @IsInt() @IsIn([1, 2, 3, 4, 5]) stars!: number;
}

describe('the chat engine on the local provider', () => {
  let file: TinyModelFile;
  let provider: LlamaCppProvider;

  beforeAll(async () => {
    file = await writeTinyModel({ seed: 5 });
    provider = await new LlamaCppBuilder().withModelPath(file.path).withChatFormat('chatML').withThreads(1).withLogLevel('error').build();
  });

  afterAll(async () => {
    await provider?.dispose();
    await file?.remove();
  });

  it.each(['Great battery, weak screen.', 'Arrived broken.', 'Exactly as described, five stars!'])(
    'structured output from a @Schema() class is a validated instance (%s)',
    async (review) => {
      const chat = new ChatBuilder().withModel(provider).withStructuredOutput(Review).withOptions({ temperature: 0, maxTokens: 200 }).build();
      const response = await chat.complete(`Classify this review: ${review}`);
      expect(response.output).toBeInstanceOf(Review);
      expect(['positive', 'negative', 'mixed']).toContain(response.output.sentiment);
      expect(typeof response.output.recommended).toBe('boolean');
      expect([1, 2, 3, 4, 5]).toContain(response.output.stars);
    },
  );

  it('a forced tool call is gated by the approval strategy: the turn pauses and nothing runs', async () => {
    const executed: unknown[] = [];
    const weather: ToolDefinition = {
      name: 'get_weather',
      description: 'Weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string', enum: ['Paris', 'Rome'] } }, required: ['city'] },
      metadata: {},
      validate: async (args) => ({ ok: true, value: args }),
      execute: async (args) => (executed.push(args), { celsius: 21 }),
    };
    const chat = new ChatBuilder()
      .withModel(provider)
      .withTools([weather])
      .withApproval(() => ({ action: 'require-approval' }))
      .withOptions({ temperature: 0, maxTokens: 60 })
      .build();
    const conversation = Messages.fromUser('Weather in Paris?');
    const response = await chat.complete(conversation, { toolChoice: 'required' });
    expect(response.status).toBe('paused');
    expect(response.pendingToolCalls).toHaveLength(1);
    expect(response.pendingToolCalls[0]).toMatchObject({ name: 'get_weather', status: 'pending' });
    expect(['Paris', 'Rome']).toContain((response.pendingToolCalls[0].arguments as { city: string }).city);
    expect(executed).toEqual([]);
  });

  it('chat.embed() batches through the provider', async () => {
    const chat = new ChatBuilder().withModel(provider).build();
    const response = await chat.embed(['one', 'two', 'three']);
    expect(response.vectors).toHaveLength(3);
    expect(response.dimensions).toBe(64);
  });
});
