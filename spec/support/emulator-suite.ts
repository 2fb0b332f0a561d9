import { ProviderEmulator, type EmulatorOptions } from '../../lib/testing';

/**
 * Registers the emulator hooks of a describe block: starts a {@link ProviderEmulator} (with
 * `options`) before its tests and hands it to `use` (the suite keeps it in its own variable),
 * resets its scripts and recorded requests (then runs `reset`) before each test, and closes it after.
 *
 * @example
 * let emulator: ProviderEmulator;
 * useEmulator((e) => (emulator = e));
 */
export function useEmulator(use: (emulator: ProviderEmulator) => void, options: EmulatorOptions = {}, reset: () => void = () => undefined): void {
  let emulator: ProviderEmulator | undefined;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start(options);
    use(emulator);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => {
    emulator?.reset();
    reset();
  });
}
