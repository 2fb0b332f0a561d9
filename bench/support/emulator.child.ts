/**
 * The provider emulator in its own process, driven over IPC (no TCP), so that a bench measures
 * only the client's CPU and the client's bytes. Messages: `{ script: EmulatedReply[] }` → `{ ok }`.
 * Sends `{ port }` once listening; exits when the parent disconnects.
 */
import { ProviderEmulator, type EmulatedReply } from '../../lib/testing';

async function main(): Promise<void> {
  const emulator = await ProviderEmulator.start();
  process.on('message', (message: { script?: EmulatedReply[] }) => {
    if (message.script) emulator.script(message.script);
    process.send?.({ ok: true });
  });
  process.on('disconnect', () => void emulator.close().finally(() => process.exit(0)));
  process.send?.({ port: emulator.port });
}

void main();
