import type { ChatProvider } from '../../core/provider.types';
import type { EmulatorOptions, EmulatorScriptFile, ProviderEmulator } from '../../testing';

/**
 * Options of `ChatTestingModule.forRoot()`.
 *
 * @example
 * ChatTestingModule.forRoot({ script: { replies: [{ text: 'Hello!' }] } })
 */
export interface ChatTestingOptions {
  /** How the emulator listens (default: a free port on 127.0.0.1, every wire). */
  readonly emulator?: EmulatorOptions;
  /** Replies scripted at startup (`{ replies, sessions }`, the format of `npx chat-ts emulate --script`). */
  readonly script?: EmulatorScriptFile;
  /**
   * The provider a chat talks to. Default: the Responses wire at `emulator.url('/v1', session)`,
   * model `emulated-model`, where the session is the chat's name (none for the default chat).
   */
  readonly provider?: (emulator: ProviderEmulator, chat: string) => ChatProvider;
}
