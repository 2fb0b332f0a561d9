import type { ToolCallPart } from '../core/content-part.types';

/** Builds the text the model sees when a tool throws, from the error and the call. */
export type ToolErrorFormatter = (error: unknown, call: ToolCallPart) => string;

/**
 * What the model is told when a tool throws (Python tools included). The text becomes the tool
 * result's `content` and its `error.message`, so it is also what the conversation keeps.
 *
 * @example
 * new ChatBuilder().withModel(p).withTools(tools).withToolErrors({ exposeToolErrors: false }).build();
 * new ChatBuilder().withModel(p).withTools(tools).withToolErrors({
 *   formatToolError: (error, call) => (logger.error(error), error instanceof UserFacingError ? error.message : `${call.name} failed`),
 * }).build();
 */
export interface ToolErrorPolicy {
  /**
   * `true` (default): the model gets `Tool "<name>" failed: <the error's message>` (the message
   * only, never a stack or the error's other fields). `false`: a generic text naming the tool only
   * ({@link genericToolError}), for tools whose messages may hold what the model must not see.
   */
  readonly exposeToolErrors?: boolean;
  /**
   * Builds the text itself (wins over `exposeToolErrors`); the place to log the original error.
   * If it throws or returns a non-string, the generic text is sent.
   */
  readonly formatToolError?: ToolErrorFormatter;
}

/** The text sent when tool errors are not exposed: `Tool "<name>" failed. Its error is not shown.` */
export function genericToolError(call: ToolCallPart): string {
  return `Tool "${call.name}" failed. Its error is not shown.`;
}

/** The message of a thrown value: `error.message` (never the stack), or the value as a string. */
export function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}

/** The text the model sees for a tool that threw, under `policy`. */
export function toolErrorText(policy: ToolErrorPolicy | undefined, error: unknown, call: ToolCallPart): string {
  const generic = genericToolError(call);
  if (policy?.formatToolError) {
    try {
      const text = policy.formatToolError(error, call);
      return typeof text === 'string' ? text : generic;
    } catch {
      return generic;
    }
  }
  if (policy?.exposeToolErrors === false) return generic;
  return `Tool "${call.name}" failed: ${errorMessageOf(error)}`;
}
