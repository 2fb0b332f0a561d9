import type { EmulatedReply } from './emulator-script.types';

/**
 * Takes (removes and returns) the scripted reply a request consumes, or undefined when none
 * applies (the emulator then echoes, or serves deterministic vectors). Only replies for the
 * request's wire count (`reply.wire` unset or equal).
 * - A chat request takes the first reply not marked `route: 'embeddings'`.
 * - An embedding request takes the first reply marked `route: 'embeddings'`; failing that, the
 *   first unmarked reply, but only when it carries an `error` or a `fault`. A plain chat reply is
 *   never taken by an embedding request, so `chat.embed()` calls do not eat a chat script.
 *
 * @example
 * takeScriptedReply([{ text: 'Hi' }, { route: 'embeddings', error: { status: 429 } }], 'completions', 'embeddings');
 * // → the 429 reply; `{ text: 'Hi' }` stays for the next chat request
 */
export function takeScriptedReply(replies: EmulatedReply[], wire: string, kind: 'chat' | 'embeddings'): EmulatedReply | undefined {
  const ours = (r: EmulatedReply): boolean => r.wire === undefined || r.wire === wire;
  let index: number;
  if (kind === 'chat') {
    index = replies.findIndex((r) => ours(r) && r.route !== 'embeddings');
  } else {
    index = replies.findIndex((r) => ours(r) && r.route === 'embeddings');
    if (index < 0) {
      const first = replies.findIndex((r) => ours(r) && r.route === undefined);
      index = first >= 0 && (replies[first].error !== undefined || replies[first].fault !== undefined) ? first : -1;
    }
  }
  return index >= 0 ? replies.splice(index, 1)[0] : undefined;
}
