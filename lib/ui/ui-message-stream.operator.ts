import { catchError, concat, concatMap, defer, from, type Observable, type OperatorFunction } from 'rxjs';
import { AbortedError } from '../errors/aborted.error';
import type { UIMessageChunk } from './ui-message-chunk.types';
import { UIMessageStreamEncoder, type UIStreamInput } from './ui-message-stream.encoder';
import type { UIMessageStreamOptions } from './ui-message-stream.options';

/**
 * A chat stream (and any data parts merged into it) as UI message stream chunks: `start`, the
 * chunks of each event, and `finish` — or, when the stream fails, an `error` chunk (`abort` for an
 * `AbortedError`) as the last chunk instead of a broken stream. Cold like its source: each
 * subscription encodes its own run, and unsubscribing aborts the model request.
 *
 * @example
 * chat.stream(messages).pipe(toUIMessageChunks()).subscribe((chunk) => console.log(chunk.type));
 */
export function toUIMessageChunks(options: UIMessageStreamOptions = {}): OperatorFunction<UIStreamInput, UIMessageChunk> {
  return (source: Observable<UIStreamInput>) =>
    defer(() => {
      const encoder = new UIMessageStreamEncoder(options);
      return concat(
        from(encoder.start()),
        source.pipe(
          concatMap((input) => from(encoder.encode(input))),
          catchError((error: unknown) => from(AbortedError.is(error) ? encoder.abort() : encoder.fail(error))),
        ),
      );
    });
}
