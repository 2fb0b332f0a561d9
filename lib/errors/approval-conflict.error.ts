import { ConversationConflictError } from './conversation-conflict.error';

/**
 * A decision on a tool call that was already decided — by another person, or by a concurrent
 * approval on another instance that won the race. The call runs once, on the first decision.
 */
export class ApprovalConflictError extends ConversationConflictError {}
