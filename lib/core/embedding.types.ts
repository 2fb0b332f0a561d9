/** What kind of text is being embedded (Gemini task types, Cohere-style input types). */
export type EmbeddingTaskType =
  | 'retrieval-query'
  | 'retrieval-document'
  | 'semantic-similarity'
  | 'classification'
  | 'clustering'
  | 'question-answering'
  | 'fact-verification'
  | 'code-retrieval';

/** Options of `chat.embed()`. */
export interface EmbedOptions {
  /** Shorten vectors to this many dimensions, where the provider can. */
  readonly dimensions?: number;
  /** What the texts are for (Gemini `taskType`); not sent on wires that have no such field. */
  readonly taskType?: EmbeddingTaskType;
  /** Wire encoding; vectors are always returned as `Float32Array` (base64 decoded without a copy). */
  readonly encoding?: 'float' | 'base64';
  readonly signal?: AbortSignal;
  readonly timeout?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request to an embedding model (one batch). */
export interface EmbeddingRequest extends EmbedOptions {
  readonly texts: readonly string[];
  readonly model?: string;
}

/** Vectors, in input order. */
export interface EmbeddingResponse {
  readonly vectors: Float32Array[];
  readonly dimensions: number;
  readonly model: string;
  readonly provider: string;
  readonly usage: { readonly inputTokens: number; readonly totalTokens: number };
}
