import { Body, Controller, Injectable, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import type { JsonValue } from '../../../lib/core/json.types';
import { Tool } from '../../../lib/decorators';
import { ChatModule, InjectChat, NestChat, Toolset } from '../../../lib/nest';
import { ChatTestingModule } from '../../../lib/nest/testing';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing';
import { offeredTools, RecordingLogger } from '../nest-test.helpers';

/** Stands for ConfigService in a test run: no LLM_URL, no API key. */
@Injectable()
class LlmConfig {
  get(key: string): string | undefined {
    return process.env[`CHAT_TESTING_SPEC_${key}`];
  }
}
@Module({ providers: [LlmConfig], exports: [LlmConfig] })
class LlmConfigModule {}

class OrderArgs {
  @IsString() orderId!: string;
}

@Toolset()
@Injectable()
class OrderTools {
  @Tool({ description: 'Status of an order.' })
  orderStatus(args: OrderArgs) {
    return { orderId: args.orderId, status: 'shipped' };
  }
}

@Injectable()
class RefundsService {
  constructor(@InjectChat('refunds') readonly chat: NestChat) {}
}
@Module({ imports: [ChatModule.registerChat({ name: 'refunds', systemPrompt: 'You handle refunds.' })], providers: [RefundsService], exports: [RefundsService] })
class RefundsModule {}

@Controller('ask')
class AskController {
  constructor(private readonly chat: NestChat) {}
  @Post()
  async ask(@Body() body: { question: string }): Promise<{ answer: string }> {
    return { answer: (await this.chat.complete(body.question)).text };
  }
}

let productionProvidersBuilt = 0;

/** The app as production wires it: the provider comes from config, built by a factory. */
@Module({
  imports: [
    ChatModule.forRootAsync({
      imports: [LlmConfigModule],
      inject: [LlmConfig],
      useFactory: (config: LlmConfig) => ({
        provider: () => {
          productionProvidersBuilt++;
          return new ResponsesBuilder().withBaseUrl(config.get('LLM_URL') ?? 'https://api.openai.com/v1').withApiKey(config.get('KEY') ?? 'unset').withModel('gpt-5-mini');
        },
        systemPrompt: 'You are the shop assistant.',
      }),
    }),
    RefundsModule,
  ],
  controllers: [AskController],
  providers: [OrderTools],
})
class AppModule {}

function instructionsOf(body: JsonValue): unknown {
  return (body as { instructions?: unknown }).instructions;
}

describe('ChatTestingModule (chat-ts/nest/testing)', () => {
  it('points every chat of the real AppModule at the emulator: scripted replies, recorded requests, a session per chat; the configured provider is never built', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule, ChatTestingModule.forRoot()] }).setLogger(new RecordingLogger()).compile();
    await moduleRef.init();
    const emulator = moduleRef.get(ProviderEmulator);

    emulator.script([{ toolCalls: [{ id: 'c1', name: 'orderStatus', arguments: { orderId: 'O-9' } }] }, { text: 'O-9 has shipped.' }]);
    emulator.script([{ text: 'Refund approved.' }], 'refunds');
    const chat = moduleRef.get(NestChat);
    await expect(chat.complete('Where is O-9?')).resolves.toMatchObject({ text: 'O-9 has shipped.' });
    await expect(moduleRef.get(RefundsService).chat.complete('Refund O-9')).resolves.toMatchObject({ text: 'Refund approved.' });

    const [first, second] = emulator.requests();
    expect(instructionsOf(first.body)).toBe('You are the shop assistant.');
    expect(offeredTools(first.body)).toEqual(['orderStatus']);
    expect(JSON.stringify(second.body)).toContain('shipped');
    expect(instructionsOf(emulator.requests('refunds')[0].body)).toBe('You handle refunds.');
    expect(chat.provider.model).toBe('emulated-model');
    expect(productionProvidersBuilt).toBe(0);
    await moduleRef.close();
  });

  it('closes the emulator with the app; serves a real HTTP app with a script given at startup', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule, ChatTestingModule.forRoot({ script: { replies: [{ text: 'Hi from the script.' }] } })] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    const emulator = app.get(ProviderEmulator);
    const response = await fetch(`${await app.getUrl()}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'Hello?' }) });
    expect(await response.json()).toEqual({ answer: 'Hi from the script.' });
    expect(emulator.requests()).toHaveLength(1);
    const url = emulator.url('/v1/responses');
    await app.close();
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('takes another wire: the provider option builds each chat\'s provider from the emulator', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule, ChatTestingModule.forRoot({ provider: (emulator, chat) => new ClaudeBuilder().withBaseUrl(emulator.url('', chat)).withApiKey('test-key').withModel(`claude-for-${chat}`).build() })],
    })
      .setLogger(new RecordingLogger())
      .compile();
    await moduleRef.init();
    const emulator = moduleRef.get(ProviderEmulator);
    emulator.script([{ text: 'Claude wire.' }], 'default');
    await expect(moduleRef.get(NestChat).complete('Hi')).resolves.toMatchObject({ text: 'Claude wire.' });
    const [request] = emulator.requests('default');
    expect(request.path).toBe('/v1/messages');
    expect(request.body).toMatchObject({ model: 'claude-for-default', system: expect.anything() });
    await moduleRef.close();
  });

  it('a provider that config leaves undefined still declares the chat under the testing module (and fails the bootstrap without it)', async () => {
    const unset = ChatModule.forRootAsync({ useFactory: () => ({ provider: undefined, systemPrompt: 'Unset.' }) });
    const moduleRef = await Test.createTestingModule({ imports: [unset, ChatTestingModule.forRoot()] }).setLogger(new RecordingLogger()).compile();
    await moduleRef.init();
    moduleRef.get(ProviderEmulator).script([{ text: 'Still here.' }]);
    await expect(moduleRef.get(NestChat).complete('Hi')).resolves.toMatchObject({ text: 'Still here.' });
    await moduleRef.close();

    const alone = await Test.createTestingModule({ imports: [ChatModule.forRootAsync({ useFactory: () => ({ provider: undefined }) })] }).setLogger(new RecordingLogger()).compile();
    await expect(alone.init()).rejects.toThrow('`provider` is present but undefined');
  });

  it('a module that fails to compile after the emulator started does not keep the process (jest) alive', async () => {
    const servers = (): number => process.getActiveResourcesInfo().filter((type) => type === 'TCPServerWrap').length;
    const before = servers();
    // stands for a config factory that throws (getOrThrow of a variable the test does not set); it runs after the emulator started
    const broken = { provide: 'BROKEN_CONFIG', inject: [ProviderEmulator], useFactory: (_emulator: ProviderEmulator): never => { throw new Error('Configuration key "LLM_MODEL" does not exist'); } };
    @Module({ providers: [broken] })
    class BrokenModule {}
    await expect(Test.createTestingModule({ imports: [BrokenModule, ChatTestingModule.forRoot()] }).setLogger(new RecordingLogger()).compile()).rejects.toThrow('LLM_MODEL');
    expect(servers()).toBe(before);
    const kept = await ProviderEmulator.start();
    expect(servers()).toBe(before + 1); // an emulator started by hand still keeps the process alive
    await kept.close();
  });
});
