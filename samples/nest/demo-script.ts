import type { EmulatedReply } from '../../lib/testing';

/** The question `--once` asks. */
export const ONCE_QUESTION = 'Where is my order A-1001?';

/**
 * What the emulated model answers, in order, for the walkthrough `main.ts` prints (the emulator
 * is not a model: it plays these replies, then echoes).
 */
export const DEMO_REPLIES: readonly EmulatedReply[] = [
  { toolCalls: [{ name: 'find_order', arguments: { orderId: 'A-1001' } }] },
  { text: 'Your order A-1001, a mechanical keyboard for €89, has shipped.' },
  { text: 'The USB-C dock of order A-1002 is back-ordered; it should ship next week.', chunkDelayMs: 40 },
  { toolCalls: [{ name: 'refund_order', arguments: { orderId: 'A-1001', amount: 20 } }] },
  { text: 'Done: €20 of order A-1001 was refunded after the manager approved it.' },
];
