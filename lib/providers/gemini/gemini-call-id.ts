import { randomUUID } from 'node:crypto';

const SYNTHETIC_PREFIX = 'gemini-call-';

/** A call id for a `functionCall` that came without one (Gemini often sends none). */
export function syntheticCallId(): string {
  return `${SYNTHETIC_PREFIX}${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/** True for ids made by {@link syntheticCallId}: they are never sent to Gemini. */
export function isSyntheticCallId(id: string): boolean {
  return id.startsWith(SYNTHETIC_PREFIX);
}
