import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ResponsesBuilder } from '../../providers/responses/responses.builder';
import { ProviderEmulator } from '../../testing/emulator/provider-emulator';
import { DEFAULT_CHAT_NAME } from '../constants';
import { CHAT_PROVIDER_OVERRIDE, type ChatProviderOverride } from '../chat-provider.override';
import type { ChatTestingOptions } from './chat-testing.options';

/** The emulator session a chat talks to: its name, none (the emulator's `default`) for the default chat. */
export function chatSession(chat: string): string | undefined {
  return chat === DEFAULT_CHAT_NAME ? undefined : chat;
}

function emulatedProvider(emulator: ProviderEmulator, chat: string) {
  return new ResponsesBuilder().withBaseUrl(emulator.url('/v1', chatSession(chat))).withModel('emulated-model').build();
}

/** Closes the module's emulator when the application shuts down. */
@Injectable()
class ChatTestingLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ProviderEmulator) private readonly emulator: ProviderEmulator) {}

  async onApplicationShutdown(): Promise<void> {
    await this.emulator.close();
  }
}

/**
 * Tests of a Nest app that uses `ChatModule`, offline: starts the built-in `ProviderEmulator`
 * (`chat-ts/testing`) on a free loopback port and points every chat of the app at it, whatever
 * provider the app configures (the configured providers are never built, so no API key is needed).
 * Inject `ProviderEmulator` to script replies (`emulator.script(replies, session)`) and read the
 * requests the chats sent (`emulator.requests(session)`); each chat has its own session, named after
 * it (the default chat uses the emulator's default session). The emulator closes with the app.
 *
 * @example
 * const moduleRef = await Test.createTestingModule({ imports: [AppModule, ChatTestingModule.forRoot()] }).compile();
 * await moduleRef.init();
 * const emulator = moduleRef.get(ProviderEmulator);
 * emulator.script([{ text: 'Hello!' }]);
 * @publicApi
 */
@Module({})
export class ChatTestingModule {
  /** A global module with the emulator and the provider override; import it beside the app's modules. */
  static forRoot(options: ChatTestingOptions = {}): DynamicModule {
    const provider = options.provider ?? emulatedProvider;
    return {
      module: ChatTestingModule,
      global: true,
      providers: [
        {
          provide: ProviderEmulator,
          useFactory: async () => {
            // unref: when compile() fails after this factory ran, nothing closes the emulator; it must not keep jest from exiting
            const emulator = await ProviderEmulator.start({ unref: true, ...options.emulator });
            if (options.script) emulator.load(options.script);
            return emulator;
          },
        },
        { provide: CHAT_PROVIDER_OVERRIDE, useFactory: (emulator: ProviderEmulator): ChatProviderOverride => (chat) => provider(emulator, chat), inject: [ProviderEmulator] },
        ChatTestingLifecycle,
      ],
      exports: [ProviderEmulator, CHAT_PROVIDER_OVERRIDE],
    };
  }
}
