/* The provider emulator in its own process (so its CPU is not counted on the client). */
import { announce, fromDist, stopOnSignal } from './dist.loader';

async function main(): Promise<void> {
  const { ProviderEmulator } = fromDist<typeof import('../../lib/testing')>('testing/index.js');
  const emulator = await ProviderEmulator.start();
  stopOnSignal(() => emulator.close());
  announce(emulator.port);
}

void main();
