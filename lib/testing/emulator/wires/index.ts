import type { EmulatorWire } from '../emulator-wire.types';
import { geminiWire } from './gemini.wire';

/** Every wire the emulator speaks, in matching order. Each provider issue adds its wire here. */
export function builtInWires(): EmulatorWire[] {
  return [geminiWire];
}
