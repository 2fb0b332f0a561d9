/**
 * Testing a Nest app that uses chat-ts (`chat-ts/nest/testing`): `ChatTestingModule` points every
 * chat at the built-in provider emulator. Apart from `chat-ts/nest` so that production code never
 * loads the emulator.
 * @packageDocumentation
 */
export {
  ChatTestingModule,
  chatSession,
} from './chat-testing.module';
export type {
  ChatTestingOptions,
} from './chat-testing.options';
