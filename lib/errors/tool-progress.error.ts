import { ChatError } from './chat.error';

/**
 * A tool called `context.reportProgress()` with an update that is not one: `progress` (or
 * `total`) is not a finite number, or `message` is not a string. Thrown to the tool, from the
 * call; uncaught, it fails the tool call like any other error of the tool.
 *
 * @example
 * try {
 *   context.reportProgress?.({ progress: Number.NaN });
 * } catch (error) {
 *   if (error instanceof ToolProgressError) console.error(error.message);
 * }
 */
export class ToolProgressError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
