import { ChatBuilder, type ApprovalStrategy } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import type { VirtualClock } from '../../lib/testing/virtual.clock';
import { ScriptedProvider, type Script } from './scripted.provider';
import { makeTool } from './test-tools';

/** The approval secret the test chats share (as processes of one app would). */
export const SECRET = 'a-long-shared-approval-secret';

/** A gated `transfer` tool (records its runs) and an ungated `lookup`. */
export function approvalTools() {
  const runs: unknown[] = [];
  const transfer = makeTool({
    name: 'transfer',
    metadata: { requiresApproval: true },
    validate: (args) => {
      const amount = (args as { amount?: unknown } | null)?.amount;
      return typeof amount === 'number' && amount > 0 ? { ok: true, value: { amount } } : { ok: false, message: 'amount must be a positive number' };
    },
    execute: (args) => (runs.push(args), `sent ${(args as { amount: number }).amount}`),
  });
  const lookup = makeTool({ name: 'lookup', execute: () => 'balance 100' });
  return { runs, list: [transfer, lookup] };
}

/** A chat over a scripted provider with the approval tools. */
export function chatFor(script: Script, options: { strategy?: ApprovalStrategy; clock?: VirtualClock; secret?: string } = {}) {
  const provider = new ScriptedProvider(script);
  const t = approvalTools();
  let builder = new ChatBuilder().withModel(provider).withTools(t.list).withApprovalSecret(options.secret ?? SECRET);
  if (options.clock) builder = builder.withClock(options.clock);
  const chat = options.strategy ? builder.withApproval(options.strategy).build() : builder.build();
  return { chat, provider, runs: t.runs };
}

/** The model calls `transfer` (gated) and `lookup`, then answers. */
export const callsThenAnswer: Script = [
  { toolCalls: [{ id: 't1', name: 'transfer', arguments: { amount: 50 } }, { id: 'l1', name: 'lookup', arguments: {} }] },
  { text: 'Done.' },
];

/** `role:status` of each message, to compare conversations at a glance. */
export function roles(messages: Messages): string[] {
  return messages.toArray().map((m) => `${m.role}${m.status ? `:${m.status}` : ''}`);
}

