import { ACTIVE_RUN, type Messages } from '../core/messages';
import { ConcurrentRunError } from '../errors/concurrent-run.error';

/**
 * Marks a conversation as taken by one run; a second run on it at the same time is a
 * `ConcurrentRunError` (turns are never interleaved). Returns the release function.
 */
export function acquireRun(messages: Messages): () => void {
  if (messages[ACTIVE_RUN]) {
    throw new ConcurrentRunError('This conversation already has a run in progress: a conversation takes one turn at a time');
  }
  const token = {};
  messages[ACTIVE_RUN] = token;
  return () => {
    if (messages[ACTIVE_RUN] === token) delete messages[ACTIVE_RUN];
  };
}
