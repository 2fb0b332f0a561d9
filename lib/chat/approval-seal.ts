import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ToolCallPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import { registerSecret } from '../errors/secret-registry';

/** JSON with sorted keys and without `undefined` members: the same text before and after a JSON round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** A digest of a conversation prefix: ties a seal to the place of its call in one conversation. */
export function conversationDigest(messages: readonly Message[]): string {
  const hash = createHash('sha256');
  for (const message of messages) hash.update(canonicalJson(message)).update('\n');
  return hash.digest('hex');
}

const SEAL_VERSION = 'v1';
/** Environment variable read for the approval secret when none is configured on the builder. */
export const APPROVAL_SECRET_ENV = 'CHAT_TS_APPROVAL_SECRET';
let processSecret: Buffer | undefined;

/** What a verified seal says. */
export interface SealCheck {
  readonly valid: boolean;
  /** The call needs a person's approval (not only its `resumeAt`). */
  readonly human: boolean;
}

/**
 * Seals calls the engine holds for approval, and checks them on resume. A seal is an HMAC over the
 * call's id, name, original arguments, `resumeAt`, whether a person must approve, and a digest of
 * the conversation before the call's message: a call the engine never paused, or one copied to
 * another place or conversation, has no valid seal.
 */
export class ApprovalSealer {
  private readonly key: Buffer;

  /** @param secret the key; default `CHAT_TS_APPROVAL_SECRET` from the environment, else a random key per process. */
  constructor(secret: string | undefined = process.env[APPROVAL_SECRET_ENV] || undefined) {
    if (secret !== undefined) registerSecret(secret);
    this.key = secret !== undefined ? Buffer.from(secret, 'utf8') : (processSecret ??= randomBytes(32));
  }

  seal(call: ToolCallPart, prefixDigest: string, human: boolean, resumeAt?: number): string {
    return `${SEAL_VERSION}.${human ? 'h' : 't'}.${this.mac(call, prefixDigest, human, resumeAt)}`;
  }

  verify(call: ToolCallPart, prefixDigest: string): SealCheck {
    const seal = call.approval?.seal;
    const invalid: SealCheck = { valid: false, human: true };
    if (typeof seal !== 'string') return invalid;
    const [version, flag, mac] = seal.split('.');
    if (version !== SEAL_VERSION || (flag !== 'h' && flag !== 't') || !mac) return invalid;
    const human = flag === 'h';
    const expected = Buffer.from(this.mac(call, prefixDigest, human, call.approval?.resumeAt), 'hex');
    const given = Buffer.from(mac, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
    return { valid: true, human };
  }

  private mac(call: ToolCallPart, prefixDigest: string, human: boolean, resumeAt?: number): string {
    const facts = canonicalJson({ id: call.id, name: call.name, arguments: call.arguments, rawArguments: call.rawArguments, human, resumeAt, prefixDigest });
    return createHmac('sha256', this.key).update(facts).digest('hex');
  }
}
