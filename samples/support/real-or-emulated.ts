import { ProviderEmulator, type EmulatedReply } from '../../lib/testing';

/** A provider for a sample: the real API when its key is set, the built-in emulator otherwise. */
export interface SampleProvider<P> {
  readonly provider: P;
  /** Set when the sample runs offline. */
  readonly emulator?: ProviderEmulator;
  close(): Promise<void>;
}

/** How a sample gets its provider. */
export interface SampleProviderOptions<P> {
  /** Provider name for the message, e.g. `Anthropic`. */
  readonly label: string;
  /** Env vars that hold the key; the first set one selects the real API. */
  readonly envKeys: readonly string[];
  readonly real: () => P;
  readonly emulated: (emulator: ProviderEmulator) => P;
  /** Replies the emulator gives, in order (an echo after them). */
  readonly script?: readonly EmulatedReply[];
}

/** Starts the sample's provider and prints one line that says which one it is. */
export async function realOrEmulated<P>(options: SampleProviderOptions<P>): Promise<SampleProvider<P>> {
  const key = options.envKeys.find((k) => process.env[k]);
  if (key) {
    console.log(`Using the real ${options.label} API (${key} is set).`);
    return { provider: options.real(), close: async () => undefined };
  }
  const emulator = await ProviderEmulator.start();
  if (options.script) emulator.script(options.script);
  console.log(`${options.envKeys.join(' / ')} not set: using chat-ts's built-in provider emulator at ${emulator.url()} (offline).`);
  return { provider: options.emulated(emulator), emulator, close: () => emulator.close() };
}

/** Whether the sample runs unattended (`--yes`, or stdin is not a terminal). */
export function unattended(): boolean {
  return process.argv.includes('--yes') || !process.stdin.isTTY;
}
