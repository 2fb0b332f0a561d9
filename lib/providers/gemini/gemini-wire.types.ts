import type { JsonObject, JsonValue } from '../../core/json.types';

/** One streamed piece of a function call's arguments (Gemini 3 `partialArgs`). */
export interface GeminiPartialArg {
  readonly jsonPath?: string;
  readonly stringValue?: string;
  readonly numberValue?: number;
  readonly boolValue?: boolean;
  readonly nullValue?: string;
  readonly willContinue?: boolean;
}

/** A `functionCall` part, whole or (Gemini 3 streaming) in pieces. */
export interface GeminiFunctionCall {
  readonly id?: string;
  readonly name?: string;
  readonly args?: JsonObject;
  readonly partialArgs?: readonly GeminiPartialArg[];
  readonly willContinue?: boolean;
}

/** One `Part` of a Gemini `Content`. */
export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { fileUri: string; mimeType?: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: { id?: string; name: string; response: JsonObject };
  executableCode?: { language?: string; code: string };
  codeExecutionResult?: { outcome?: string; output?: string };
  /** Server-side tool invocation (tool combination, Gemini 3). */
  toolCall?: JsonObject;
  /** Server-side tool result (tool combination, Gemini 3). */
  toolResponse?: JsonObject;
}

/** A Gemini `Content`: a role and its parts. */
export interface GeminiContent {
  role?: 'user' | 'model';
  parts: GeminiPart[];
}

/** A grounding source (`web` for Google Search, `maps` for Google Maps). */
export interface GeminiGroundingChunk {
  readonly web?: { readonly uri?: string; readonly title?: string };
  readonly maps?: { readonly uri?: string; readonly title?: string; readonly placeId?: string };
  readonly retrievedContext?: { readonly uri?: string; readonly title?: string };
}

/** Which chunks support which span of the answer (byte offsets). */
export interface GeminiGroundingSupport {
  readonly segment?: { readonly partIndex?: number; readonly startIndex?: number; readonly endIndex?: number; readonly text?: string };
  readonly groundingChunkIndices?: readonly number[];
}

/** `groundingMetadata` of a candidate. */
export interface GeminiGroundingMetadata {
  readonly groundingChunks?: readonly GeminiGroundingChunk[];
  readonly groundingSupports?: readonly GeminiGroundingSupport[];
  readonly webSearchQueries?: readonly string[];
}

/** A `SafetyRating` (category, probability, `blocked`, and scores on Vertex), kept as sent. */
export interface GeminiSafetyRating {
  readonly category?: string;
  readonly probability?: string;
  readonly blocked?: boolean;
  readonly [key: string]: JsonValue | undefined;
}

/** `promptFeedback`: why a prompt was blocked, and its safety ratings. */
export interface GeminiPromptFeedback {
  readonly blockReason?: string;
  readonly blockReasonMessage?: string;
  readonly safetyRatings?: readonly GeminiSafetyRating[];
}

/** One candidate answer. */
export interface GeminiCandidate {
  readonly content?: { readonly role?: string; readonly parts?: readonly GeminiPart[] };
  readonly finishReason?: string;
  readonly finishMessage?: string;
  readonly index?: number;
  readonly groundingMetadata?: GeminiGroundingMetadata;
  readonly safetyRatings?: readonly GeminiSafetyRating[];
}

/** `usageMetadata` of a response. */
export interface GeminiUsageMetadata {
  readonly promptTokenCount?: number;
  readonly candidatesTokenCount?: number;
  readonly thoughtsTokenCount?: number;
  readonly cachedContentTokenCount?: number;
  readonly toolUsePromptTokenCount?: number;
  readonly totalTokenCount?: number;
}

/** A `generateContent` response, or one `streamGenerateContent` event. */
export interface GeminiGenerateResponse {
  readonly candidates?: readonly GeminiCandidate[];
  readonly promptFeedback?: GeminiPromptFeedback;
  readonly usageMetadata?: GeminiUsageMetadata;
  readonly modelVersion?: string;
  readonly responseId?: string;
  /** Present when an error arrives inside a stream. */
  readonly error?: GeminiErrorBody['error'];
}

/** Google's error body. */
export interface GeminiErrorBody {
  readonly error?: {
    readonly code?: number;
    readonly status?: string;
    readonly message?: string;
    readonly details?: readonly { readonly '@type'?: string; readonly [key: string]: JsonValue | undefined }[];
  };
}

/** `embedContent` / `batchEmbedContents` responses. */
export interface GeminiEmbedResponse {
  readonly embedding?: { readonly values?: readonly number[] };
  readonly embeddings?: readonly { readonly values?: readonly number[] }[];
}
