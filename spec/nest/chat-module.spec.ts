import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { IsString } from 'class-validator';
import type { JsonValue } from '../../lib/core/json.types';
import type { ToolContext } from '../../lib/core/tool.types';
import { Tool } from '../../lib/decorators';
import { ConfigurationError, MaxStepsExceededError, ToolNameClashError } from '../../lib/errors';
import { ChatModule, ChatRegistry, getChatToken, InjectChat, NestChat, Toolset } from '../../lib/nest';
import { ChatHealthIndicator } from '../../lib/nest/health';
import { ResponsesBuilder } from '../../lib/providers/responses';
import { ProviderEmulator } from '../../lib/testing';
import { makeTool } from '../support/test-tools';
import { collectTools } from '../../lib/tools';
import { emulatedProvider, offeredTools, RecordingLogger, startContext } from './nest-test.helpers';

class CityArgs {
  @IsString() city!: string;
}

@Injectable()
class WeatherService {
  celsius(city: string): number {
    return city.length * 3;
  }
}

@Toolset()
@Injectable()
class WeatherTools {
  constructor(private readonly weather: WeatherService) {}

  @Tool({ description: 'Current temperature in a city.' })
  temperature(args: CityArgs, context: ToolContext<{ user: string }>) {
    return { city: args.city, celsius: this.weather.celsius(args.city), askedBy: context.context.user };
  }
}

@Toolset({ chats: ['support'] })
@Injectable()
class TicketTools {
  @Tool({ description: 'Open a support ticket.' })
  openTicket(args: CityArgs) {
    return `ticket for ${args.city}`;
  }
}

@Injectable()
class Consumer {
  constructor(
    readonly byClass: NestChat,
    @InjectChat() readonly byDefault: NestChat,
    @InjectChat('support') readonly support: NestChat,
  ) {}
}

/** Stands for a config module. */
@Injectable()
class LlmConfig {
  url = '';
}
@Module({ providers: [LlmConfig], exports: [LlmConfig] })
class LlmConfigModule {}

function instructionsOf(body: JsonValue): unknown {
  return (body as { instructions?: unknown }).instructions;
}

describe('ChatModule', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  it('forRoot: a default and a named chat, each with its own prompt and the toolsets aimed at it; tools use injected services', async () => {
    const logger = new RecordingLogger();
    const moduleRef = await startContext(
      {
        imports: [
          ChatModule.forRoot({
            provider: emulatedProvider(emulator, 'main'),
            systemPrompt: 'You are the weather desk.',
            chats: { support: { provider: new ResponsesBuilder().withBaseUrl(emulator.url('/v1', 'support')).withModel('support-model'), systemPrompt: 'You help support.' } },
          }),
        ],
        providers: [WeatherService, WeatherTools, TicketTools, Consumer],
      },
      logger,
    );
    const consumer = moduleRef.get(Consumer);
    expect(consumer.byClass).toBe(consumer.byDefault);
    expect(consumer.support).toBe(moduleRef.get(getChatToken('support')));
    expect(consumer.support.name).toBe('support');
    expect(moduleRef.get(ChatRegistry).names()).toEqual(['default', 'support']);

    emulator.script([{ toolCalls: [{ id: 't1', name: 'temperature', arguments: { city: 'Oslo' } }] }, { text: '12 degrees.' }], 'main');
    const reply = await consumer.byDefault.complete('Weather in Oslo?', { context: { user: 'u1' } });
    expect(reply.text).toBe('12 degrees.');
    expect(JSON.parse(reply.toolResults[0].content)).toEqual({ city: 'Oslo', celsius: 12, askedBy: 'u1' });
    const [first] = emulator.requests('main');
    expect(instructionsOf(first.body)).toBe('You are the weather desk.');
    expect(offeredTools(first.body)).toEqual(['temperature']);

    emulator.script([{ text: 'Ticket opened.' }], 'support');
    await consumer.support.complete('Help');
    const [support] = emulator.requests('support');
    expect(instructionsOf(support.body)).toBe('You help support.');
    expect(offeredTools(support.body)).toEqual(['openTicket']);
    expect((support.body as { model?: string }).model).toBe('support-model');

    expect(logger.of('log')).toEqual(
      expect.arrayContaining([
        'ChatToolExplorer: WeatherTools: temperature',
        'ChatModule: Chat "default": responses (emulated-model), 1 tool(s): temperature',
        'ChatModule: Chat "support": responses (support-model), 1 tool(s): openTicket',
      ]),
    );
    await moduleRef.close();
  });

  it('forRootAsync: options from a factory with injected config, named chats listed in chatNames, provider from an async factory', async () => {
    const moduleRef = await startContext({
      imports: [
        ChatModule.forRootAsync({
          chatNames: ['support'],
          imports: [LlmConfigModule],
          inject: [LlmConfig],
          useFactory: (config: LlmConfig) => {
            config.url = emulator.url('/v1', 'async');
            return {
              provider: async () => new ResponsesBuilder().withBaseUrl(config.url).withModel('async-model'),
              options: { temperature: 0.25 },
              chats: { support: { provider: emulatedProvider(emulator, 'async'), discoverTools: false } },
            };
          },
        }),
      ],
      providers: [WeatherService, WeatherTools, TicketTools, Consumer],
    });
    const consumer = moduleRef.get(Consumer);
    emulator.script([{ text: 'Hi.' }, { text: 'Hello.' }], 'async');
    await consumer.byDefault.complete('Hi');
    await consumer.support.complete('Hi');
    const [main, support] = emulator.requests('async');
    expect(main.body).toMatchObject({ model: 'async-model', temperature: 0.25 });
    expect(offeredTools(main.body)).toEqual(['temperature']);
    expect(offeredTools(support.body)).toEqual([]);
    await moduleRef.close();
  });

  it('passes request hooks and the engine settings of a definition to the chat; sessions work too', async () => {
    const seen: string[] = [];
    const moduleRef = await startContext({
      imports: [
        ChatModule.forRoot({
          provider: emulatedProvider(emulator),
          beforeRequest: [(request) => ({ ...request, headers: { ...request.headers, 'x-tenant': 'acme' } })],
          afterResponse: [(info) => void seen.push(`${info.response ? 'ok' : 'failed'} step ${info.step}`)],
          maxSteps: 1,
        }),
      ],
      providers: [WeatherService, WeatherTools],
    });
    const chat = moduleRef.get(NestChat);
    emulator.script([{ toolCalls: [{ id: 't1', name: 'temperature', arguments: { city: 'Rome' } }] }]);
    await expect(chat.complete('Weather?', { context: { user: 'u' } })).rejects.toThrow(MaxStepsExceededError);
    expect(emulator.requests()[0].headers['x-tenant']).toBe('acme');
    expect(seen).toEqual(['ok step 1']);

    emulator.script([{ text: 'Session answer.' }]);
    const session = chat.session('Hello');
    const texts: string[] = [];
    const done = new Promise<void>((resolve) => session.events$.subscribe({ next: (e) => e.type === 'finish' && (texts.push(String(e.output)), session.end()), complete: resolve }));
    session.send('Hi there');
    await done;
    expect(texts).toEqual(['Session answer.']);
    await moduleRef.close();
  });

  it('global by default: a feature module that does not import ChatModule injects the default chat, by class and by @InjectChat(), and ChatHealthIndicator', async () => {
    @Injectable()
    class FeatureService {
      constructor(
        readonly chat: NestChat,
        @InjectChat() readonly injected: NestChat,
      ) {}
    }
    @Module({ imports: [TerminusModule], providers: [FeatureService, ChatHealthIndicator] })
    class FeatureModule {}

    // the README's root: forRootAsync without isGlobal
    const moduleRef = await startContext({ imports: [ChatModule.forRootAsync({ useFactory: () => ({ provider: emulatedProvider(emulator) }) }), FeatureModule] });
    const feature = moduleRef.get(FeatureService);
    expect(feature.injected).toBe(feature.chat);
    emulator.script([{ text: 'From a feature module.' }]);
    await expect(feature.chat.complete('Hi')).resolves.toMatchObject({ text: 'From a feature module.' });
    await expect(moduleRef.get(ChatHealthIndicator).isHealthy('llm')).resolves.toMatchObject({ llm: { status: 'up', default: { status: 'up' } } });
    await moduleRef.close();
  });

  it('isGlobal: false keeps the default chat to the module that imports ChatModule', async () => {
    @Injectable()
    class LonelyService {
      constructor(readonly chat: NestChat) {}
    }
    @Module({ providers: [LonelyService] })
    class LonelyModule {}
    const compile = Test.createTestingModule({ imports: [ChatModule.forRoot({ isGlobal: false, provider: emulatedProvider(emulator) }), LonelyModule] }).setLogger(new RecordingLogger()).compile();
    await expect(compile).rejects.toThrow(/can't resolve dependencies of the LonelyService/);
    // the module that imports it still gets it
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ isGlobal: false, provider: emulatedProvider(emulator) })] });
    expect(moduleRef.get(NestChat)).toBeInstanceOf(NestChat);
    await moduleRef.close();
  });

  it('skips request-scoped toolsets with a warning: their tools are not offered', async () => {
    @Toolset()
    @Injectable({ scope: Scope.REQUEST })
    class PerRequestTools {
      constructor(@Inject(REQUEST) readonly request: unknown) {}
      @Tool({ description: 'Never offered.' })
      perRequest(args: CityArgs) {
        return args.city;
      }
    }
    const logger = new RecordingLogger();
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) })], providers: [WeatherService, WeatherTools, PerRequestTools] }, logger);
    expect(moduleRef.get(NestChat).tools.map((t) => t.name)).toEqual(['temperature']);
    expect(logger.of('warn')).toEqual([
      'ChatToolExplorer: PerRequestTools is request-scoped (or depends on a request-scoped provider): its @Tool() methods are not offered to any chat. Make it a singleton and read the caller from ToolContext.context.',
    ]);
    await moduleRef.close();
  });

  it('discovers tools from the one store collectTools() reads: inherited @Tool() methods too, an undecorated override running', async () => {
    class BaseDesk {
      @Tool({ description: 'Desk name.' })
      deskName() {
        return 'base desk';
      }
      @Tool({ description: 'City echo.' })
      echoCity(args: CityArgs) {
        return args.city;
      }
    }
    @Toolset()
    @Injectable()
    class OsloDesk extends BaseDesk {
      override deskName() {
        return 'Oslo desk';
      }
    }
    const logger = new RecordingLogger();
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) })], providers: [OsloDesk] }, logger);
    const chat = moduleRef.get(NestChat);
    expect(chat.tools.map((t) => t.name)).toEqual(['deskName', 'echoCity']);
    expect(chat.tools.map((t) => t.name)).toEqual(collectTools(new OsloDesk()).tools.map((t) => t.name));
    expect(await chat.tools[0].execute(undefined, {} as never)).toBe('Oslo desk');
    expect(logger.of('warn')).toEqual([]);
    await moduleRef.close();
  });

  it('explicit tools join the discovered ones; a clash of names fails the bootstrap naming both', async () => {
    const extra = makeTool({ name: 'clock', execute: () => 'noon' });
    const ok = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), tools: [extra] })], providers: [WeatherService, WeatherTools] });
    expect(ok.get(NestChat).tools.map((t) => t.name)).toEqual(['temperature', 'clock']);
    await ok.close();

    const clash = makeTool({ name: 'temperature', execute: () => 0 });
    const attempt = startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), tools: [clash] })], providers: [WeatherService, WeatherTools] });
    await expect(attempt).rejects.toThrow(ToolNameClashError);
    await expect(attempt).rejects.toThrow(/WeatherTools\.temperature/);
  });

  it('fails the bootstrap for a toolset aimed at an unknown chat, an injected chat not configured, or a chat without provider', async () => {
    @Toolset({ chats: ['sales'] })
    @Injectable()
    class SalesTools {
      @Tool({ description: 'Quote.' })
      quote(args: CityArgs) {
        return args.city;
      }
    }
    const unknownChat = startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) })], providers: [SalesTools] });
    await expect(unknownChat).rejects.toThrow(ConfigurationError);
    await expect(unknownChat).rejects.toThrow('@Toolset() SalesTools names chat(s) sales that ChatModule does not configure (configured: default)');

    const notConfigured = startContext({ imports: [ChatModule.forRootAsync({ chatNames: ['support'], useFactory: () => ({ provider: emulatedProvider(emulator) }) })] });
    await expect(notConfigured).rejects.toThrow('ChatModule: chat "support" is listed in chatNames but not configured');

    const noProvider = startContext({ imports: [ChatModule.forRoot({ chats: { support: {} as never } })] });
    await expect(noProvider).rejects.toThrow('ChatModule: chat "support" has no provider');

    const nothing = startContext({ imports: [ChatModule.forRoot({})] });
    await expect(nothing).rejects.toThrow(ConfigurationError);
    await expect(nothing).rejects.toThrow('ChatModule configures no chat: give the module options a `provider`');
    const unsetProvider = startContext({ imports: [ChatModule.forRootAsync({ useFactory: () => ({ provider: undefined }) })] });
    await expect(unsetProvider).rejects.toThrow('`provider` is present but undefined');
  });

  it('a chat is not usable before the application initialises, nor when not configured', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ChatModule.forRoot({ chats: { support: { provider: emulatedProvider(emulator) } } })] })
      .setLogger(new RecordingLogger())
      .compile();
    const support = moduleRef.get<NestChat>(getChatToken('support'));
    await expect(support.complete('Hi')).rejects.toThrow('Chat "support" is not ready');
    await moduleRef.init();
    emulator.script([{ text: 'Ready.' }]);
    await expect(support.complete('Hi')).resolves.toMatchObject({ text: 'Ready.' });
    await expect(moduleRef.get(NestChat).complete('Hi')).rejects.toThrow('Chat "default" is not ready');
    await moduleRef.close();
  });
});
