/**
 * The compile-time state of a `ChatBuilder` (type-state): which settings were given, and the
 * structured-output type. Invalid chains do not compile; the error names what is wrong.
 */
export interface ChatBuilderState {
  readonly model: boolean;
  /** What `complete()` returns as `output`: `string`, or the structured-output type. */
  readonly output: unknown;
  readonly structured: boolean;
  readonly system: boolean;
  readonly tools: boolean;
  /** `withApproval`, `withMaxSteps` or `withToolConcurrency` was called: they need tools. */
  readonly toolSettings: boolean;
  readonly approval: boolean;
  /** `withRepairAttempts` was called: it needs structured output. */
  readonly repair: boolean;
  readonly onFinish: boolean;
  /**
   * What the provider's type says about embeddings (see `EmbeddingSupport`): `false` makes
   * `chat.embed()` a compile error; `boolean` means known only at run time.
   */
  readonly embeddings: boolean;
}

/** The state of `new ChatBuilder()`. */
export interface InitialChatBuilderState extends ChatBuilderState {
  readonly model: false;
  readonly output: string;
  readonly structured: false;
  readonly system: false;
  readonly tools: false;
  readonly toolSettings: false;
  readonly approval: false;
  readonly repair: false;
  readonly onFinish: false;
  readonly embeddings: boolean;
}

/** `S` with the members of `P` replaced. */
export type NextState<S extends ChatBuilderState, P extends Partial<ChatBuilderState>> = {
  readonly [K in keyof ChatBuilderState]: K extends keyof P ? P[K] : S[K];
};

/** `Ok` when flag `F` is still false, else the error message (a string the builder is not assignable to). */
export type Once<F extends boolean, Ok, Message extends string> = F extends false ? Ok : Message;

/** Why `build()` cannot be called in state `S`, or `Ok`. */
export type BuildCheck<S extends ChatBuilderState, Ok> = S['model'] extends false
  ? 'build() needs a model: call withModel(provider) first'
  : S['toolSettings'] extends true
    ? S['tools'] extends false
      ? 'withApproval(), withMaxSteps() and withToolConcurrency() need tools: call withTools(...)'
      : RepairCheck<S, Ok>
    : RepairCheck<S, Ok>;

type RepairCheck<S extends ChatBuilderState, Ok> = S['repair'] extends true
  ? S['structured'] extends false
    ? 'withRepairAttempts() needs structured output: call withStructuredOutput(...)'
    : Ok
  : Ok;

/**
 * `Ok` unless the chat's provider is known to have no embeddings (`E` is `false`); then the reason,
 * a type no chat matches, so `chat.embed()` does not compile.
 */
export type EmbedCheck<E extends boolean, Ok> = [E] extends [false]
  ? 'embed() needs a provider with embeddings: call withEmbeddings(model) on its builder'
  : Ok;
