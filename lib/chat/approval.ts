import type { Clock } from '../core/clock.types';
import type { ToolCallPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import type { ToolDefinition } from '../core/tool.types';
import { CallbackError } from '../errors/callback.error';
import type { ApprovalDecision, ApprovalStrategy } from './chat.types';

/** What the engine does with one tool call. */
export type GateDecision =
  | { readonly action: 'execute' }
  | { readonly action: 'pending' }
  | { readonly action: 'deferred'; readonly until: number; readonly human: boolean }
  | { readonly action: 'reject'; readonly reason: string };

/** Whether a tool's metadata demands a person's approval. */
export function requiresApproval(tool: ToolDefinition): boolean {
  return tool.metadata?.requiresApproval === true;
}

function isDecision(value: unknown): value is ApprovalDecision {
  const d = value as ApprovalDecision | null;
  if (typeof d !== 'object' || d === null) return false;
  if (d.action === 'execute' || d.action === 'require-approval') return true;
  if (d.action === 'defer') return typeof d.until === 'number' && Number.isFinite(d.until);
  return d.action === 'reject' && typeof d.reason === 'string';
}

/**
 * Decides what happens to a call: the strategy's decision, floored by the tool's
 * `requiresApproval` metadata (a gated tool is never executed without a person, whatever the
 * strategy says; deferring it only delays the approval). Without a strategy: metadata alone.
 */
export async function decide(
  call: ToolCallPart,
  tool: ToolDefinition,
  strategy: ApprovalStrategy | undefined,
  env: { readonly context: unknown; readonly messages: readonly Message[]; readonly clock: Clock },
): Promise<GateDecision> {
  const human = requiresApproval(tool);
  let decision: ApprovalDecision = human ? { action: 'require-approval' } : { action: 'execute' };
  if (strategy) {
    let chosen: unknown;
    try {
      chosen = await strategy(structuredClone(call), tool, { context: env.context, messages: env.messages });
    } catch (cause) {
      throw new CallbackError(`The approval strategy threw for tool "${call.name}": ${(cause as Error)?.message ?? String(cause)}`, { cause });
    }
    if (!isDecision(chosen)) throw new CallbackError(`The approval strategy returned an invalid decision for tool "${call.name}": ${JSON.stringify(chosen)}`);
    decision = chosen;
  }
  switch (decision.action) {
    case 'execute':
      return human ? { action: 'pending' } : { action: 'execute' };
    case 'require-approval':
      return { action: 'pending' };
    case 'reject':
      return { action: 'reject', reason: decision.reason };
    case 'defer':
      if (decision.until <= env.clock.now()) return human ? { action: 'pending' } : { action: 'execute' };
      return { action: 'deferred', until: decision.until, human };
  }
}

/** The earliest `resumeAt` among waiting calls, if any. */
export function earliestResume(calls: readonly ToolCallPart[]): number | undefined {
  const times = calls.map((c) => c.approval?.resumeAt).filter((t): t is number => typeof t === 'number');
  return times.length ? Math.min(...times) : undefined;
}
