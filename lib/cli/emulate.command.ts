import type { CliCommand } from './main';

/** `chat-ts emulate --port N [--script file.json]`: runs the provider emulator. (Filled in by the completions work.) */
export const emulateCommand: CliCommand = {
  name: 'emulate',
  summary: 'emulate [--port N] [--script file.json]   run the provider emulator on 127.0.0.1',
  async run(): Promise<number> {
    throw new Error('emulate: not built yet');
  },
};
