/** What a queued chat run carries: which conversation to continue, with which chat. */
export interface ChatJobData {
  /** The conversation, saved in the `ConversationStore` with the new user message already on it. */
  readonly conversationId: string;
  /** The name of the chat the workers know (`ChatWorkerOptions.chats`, or a `ChatModule` chat in Nest). */
  readonly chat: string;
  /**
   * The enqueuing trace context (W3C `traceparent`/`tracestate`), set by `ChatQueue.enqueue` when
   * `@opentelemetry/api` is installed and a span is active; the worker's span is its child.
   */
  readonly trace?: Readonly<Record<string, string>>;
}

/** What a finished job returns. */
export interface ChatJobResult {
  readonly outcome: 'completed' | 'stopped' | 'failed' | 'paused';
  /** The conversation's version after the run's result was saved. */
  readonly version: number;
}
