import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsString } from 'class-validator';
import type { JsonValue } from '../../lib/core/json.types';
import { Tool } from '../../lib/decorators';
import { ChatNotRegisteredError, ConfigurationError } from '../../lib/errors';
import { ChatModule, ChatRegistry, getChatToken, InjectChat, NestChat, Toolset } from '../../lib/nest';
import { ResponsesBuilder } from '../../lib/providers/responses';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, offeredTools, RecordingLogger, startContext } from './nest-test.helpers';

class InvoiceArgs {
  @IsString() invoiceId!: string;
}

@Injectable()
class InvoicesService {
  total(id: string): number {
    return id.length * 10;
  }
}

@Toolset({ chats: ['billing'] })
@Injectable()
class InvoiceTools {
  constructor(private readonly invoices: InvoicesService) {}

  @Tool({ description: 'Total of an invoice.' })
  invoiceTotal(args: InvoiceArgs) {
    return { total: this.invoices.total(args.invoiceId) };
  }
}

@Injectable()
class BillingService {
  constructor(@InjectChat('billing') readonly chat: NestChat) {}
}

@Module({
  imports: [ChatModule.registerChat({ name: 'billing', systemPrompt: 'You answer billing questions.' })],
  providers: [InvoicesService, InvoiceTools, BillingService],
  exports: [BillingService],
})
class BillingModule {}

/** Stands for a config module. */
@Injectable()
class SupportConfig {
  prompt = 'You help support agents.';
}
@Module({ providers: [SupportConfig], exports: [SupportConfig] })
class SupportConfigModule {}

@Injectable()
class SupportService {
  constructor(@InjectChat('support') readonly chat: NestChat) {}
}

function instructionsOf(body: JsonValue): unknown {
  return (body as { instructions?: unknown }).instructions;
}

describe('ChatModule.registerChat / registerChatAsync (feature modules declare their chats)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  it('a feature chat shares the default model, has its own prompt and the toolsets aimed at it; an async one takes injected config and its own provider', async () => {
    @Module({
      imports: [
        ChatModule.registerChatAsync({
          name: 'support',
          imports: [SupportConfigModule],
          inject: [SupportConfig],
          useFactory: (config: SupportConfig) => ({ provider: new ResponsesBuilder().withBaseUrl(emulator.url('/v1', 'support')).withModel('support-model'), systemPrompt: config.prompt }),
        }),
      ],
      providers: [SupportService],
      exports: [SupportService],
    })
    class SupportModule {}

    const logger = new RecordingLogger();
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator, 'main'), systemPrompt: 'Root.' }), BillingModule, SupportModule] }, logger);
    const billing = moduleRef.get(BillingService).chat;
    expect(billing.name).toBe('billing');
    expect(billing).toBe(moduleRef.get(ChatRegistry).get('billing'));
    expect(moduleRef.get(ChatRegistry).names()).toEqual(['default', 'billing', 'support']);
    expect(billing.provider).toBe(moduleRef.get(NestChat).provider);

    emulator.script([{ toolCalls: [{ id: 'c1', name: 'invoiceTotal', arguments: { invoiceId: 'INV-7' } }] }, { text: 'It is 50.' }], 'main');
    const reply = await billing.complete('How much is INV-7?');
    expect(reply.text).toBe('It is 50.');
    expect(JSON.parse(reply.toolResults[0].content)).toEqual({ total: 50 });
    const [first] = emulator.requests('main');
    expect(instructionsOf(first.body)).toBe('You answer billing questions.');
    expect(offeredTools(first.body)).toEqual(['invoiceTotal']);

    emulator.script([{ text: 'Root answer.' }], 'main');
    await moduleRef.get(NestChat).complete('Hi');
    expect(offeredTools(emulator.requests('main')[2].body)).toEqual([]);

    emulator.script([{ text: 'Support answer.' }], 'support');
    await expect(moduleRef.get(SupportService).chat.complete('Help')).resolves.toMatchObject({ text: 'Support answer.' });
    const [support] = emulator.requests('support');
    expect(support.body).toMatchObject({ model: 'support-model', instructions: 'You help support agents.' });
    expect(logger.of('log')).toEqual(expect.arrayContaining(['ChatModule: Chat "billing": responses (emulated-model), 1 tool(s): invoiceTotal', 'ChatModule: Chat "support": responses (support-model), 0 tool(s)']));
    await moduleRef.close();
    expect(billing.isReady).toBe(false);
  });

  it('a chat name is one chat application-wide: another module injecting "billing" gets the same chat', async () => {
    @Injectable()
    class ReportsService {
      constructor(@InjectChat('billing') readonly chat: NestChat) {}
    }
    @Module({ providers: [ReportsService] })
    class ReportsModule {}
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) }), BillingModule, ReportsModule] });
    expect(moduleRef.get(ReportsService).chat).toBe(moduleRef.get(BillingService).chat);
    expect(moduleRef.get(getChatToken('billing'))).toBe(moduleRef.get(BillingService).chat);
    await moduleRef.close();
  });

  it('injecting a chat nobody registers fails the bootstrap with ChatNotRegisteredError naming the class and the fix, not Nest\'s DI error', async () => {
    @Injectable()
    class RefundsService {
      constructor(@InjectChat('refunds') readonly chat: NestChat) {}
    }
    @Controller('refunds')
    class RefundsController {
      constructor(@InjectChat('refunds') readonly chat: NestChat) {}
      @Get()
      list(): string[] {
        return [];
      }
    }
    @Module({ controllers: [RefundsController], providers: [RefundsService] })
    class RefundsModule {}
    @Module({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) }), RefundsModule] })
    class AppModule {}

    const app = await NestFactory.create(AppModule, { logger: new RecordingLogger(), abortOnError: false });
    const failure = await app.init().then(() => undefined, (error: unknown) => error);
    await app.close();
    expect(failure).toBeInstanceOf(ChatNotRegisteredError);
    expect(failure).toBeInstanceOf(ConfigurationError);
    const error = failure as ChatNotRegisteredError;
    expect(error.chatName).toBe('refunds');
    expect(error.consumers).toEqual(['RefundsService', 'RefundsController']);
    expect(error.message).toBe(
      `RefundsService, RefundsController inject chat "refunds" (@InjectChat('refunds')), which no module configures (configured: default). ` +
        `Register it in the module that uses it: imports: [ChatModule.registerChat({ name: 'refunds', systemPrompt: '...' })], or add it to ChatModule.forRoot({ chats: { refunds: { provider } } }).`,
    );
  });

  it('bad registrations fail the bootstrap, each naming the fix', async () => {
    const withoutRoot = startContext({ imports: [BillingModule] });
    await expect(withoutRoot).rejects.toThrow(ConfigurationError);
    await expect(withoutRoot).rejects.toThrow("ChatModule.registerChat({ name: 'billing' }) needs ChatModule.forRoot() or forRootAsync() in the application's root module");

    @Module({ imports: [ChatModule.registerChat({ name: 'billing', systemPrompt: 'Another prompt.' })] })
    class OtherBillingModule {}
    const twice = startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) }), BillingModule, OtherBillingModule] });
    await expect(twice).rejects.toThrow('chat "billing" is registered by two modules');

    const rootToo = startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), chats: { billing: { provider: emulatedProvider(emulator) } } }), BillingModule] });
    await expect(rootToo).rejects.toThrow('chat "billing" is configured twice (in ChatModule.forRoot() chats and by ChatModule.registerChat())');

    const noDefault = startContext({ imports: [ChatModule.forRoot({ chats: { other: { provider: emulatedProvider(emulator) } } }), BillingModule] });
    await expect(noDefault).rejects.toThrow('Chat "billing" (ChatModule.registerChat) has no provider, and ChatModule.forRoot() configures no default chat to share one with');

    expect(() => ChatModule.registerChat({ name: 'default' })).toThrow('"default" is the root module\'s chat');
    expect(() => ChatModule.registerChat({ name: '' })).toThrow(TypeError);
  });

  it('feature chats alone satisfy the root module: forRoot with only resources builds them', async () => {
    @Module({ imports: [ChatModule.registerChat({ name: 'solo', provider: emulatedProvider(emulator, 'solo') })] })
    class SoloModule {}
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({}), SoloModule] });
    emulator.script([{ text: 'Solo.' }], 'solo');
    await expect(moduleRef.get<NestChat>(getChatToken('solo')).complete('Hi')).resolves.toMatchObject({ text: 'Solo.' });
    await moduleRef.close();
  });
});
