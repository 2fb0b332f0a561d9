import type { ApprovalDecision, ApprovalStrategy } from '../chat/chat.types';
import { NestToolDefinition } from './nest-tool.definition';

/**
 * The approval strategy of a Nest chat: the configured one (or the tool's `requiresApproval`),
 * plus the tool's guards whenever a call would wait for a person, so nobody is asked to approve a
 * call its caller may not make (the call is rejected with the guard's reason). Calls that run at
 * once meet the guards when they run.
 */
export function guardedApproval(strategy: ApprovalStrategy | undefined): ApprovalStrategy {
  return async (call, tool, env) => {
    const held = tool.metadata.requiresApproval === true;
    const decision: ApprovalDecision = strategy ? await strategy(call, tool, env) : held ? { action: 'require-approval' } : { action: 'execute' };
    const waits = decision.action === 'require-approval' || decision.action === 'defer' || (decision.action === 'execute' && held);
    if (!waits || !(tool instanceof NestToolDefinition)) return decision;
    const verdict = await tool.checkGuards('approval', env.context, env.messages, call.arguments, call.id);
    return verdict.allowed ? decision : { action: 'reject', reason: `the tool "${tool.name}" is not allowed for this caller: ${verdict.reason}` };
  };
}
