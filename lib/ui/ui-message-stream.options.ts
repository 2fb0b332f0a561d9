import type { FinishEvent } from '../core/stream-event.types';

/** How chat events become UI message stream chunks. */
export interface UIMessageStreamOptions {
  /**
   * The id of the assistant message, sent on `start`. Leave it out when continuing a message the
   * client already has (an approval round trip): `readUIMessageStream` starts a new message when
   * the id changes.
   */
  readonly messageId?: string;
  /** Send reasoning (thinking) text. Default `true`. */
  readonly sendReasoning?: boolean;
  /**
   * Send `tool-progress` events as transient data parts `data-tool-progress` (id: the tool call's
   * id; data `{ toolCallId, toolName, progress, total?, message? }`): the client's `onData` gets
   * them, the message keeps none. Default `true`.
   */
  readonly sendToolProgress?: boolean;
  /**
   * Name of the data part carrying structured output (`data-<name>`, id `<name>`): the object
   * parsed so far while it streams, the validated output at the end (a plain chat's text
   * output is not repeated). Default `output`; `false`: none.
   */
  readonly outputDataPart?: string | false;
  /** Metadata of the assistant message, sent on `finish` (e.g. the usage). */
  readonly messageMetadata?: (finish: FinishEvent<unknown>) => unknown;
  /**
   * The `errorText` of the last chunk when the stream fails. Default: a chat-ts error's message
   * (chat-ts messages never hold a key), `An error occurred.` for any other error.
   */
  readonly onError?: (error: unknown) => string;
}
