/** Provider id of the Gemini provider, written into (and expected on) the origin of its reasoning and provider parts. */
export const GEMINI_PROVIDER_ID = 'gemini';

/** Default base URL of the Gemini API. */
export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** Environment variable read for the API key. */
export const GEMINI_API_KEY_ENV = 'GEMINI_API_KEY';

/** Part fields carried as `provider` parts and sent back to Gemini exactly as they came. */
export const GEMINI_PROVIDER_PART_KINDS = ['executableCode', 'codeExecutionResult', 'toolCall', 'toolResponse'] as const;

/** Kind of the `provider` part holding a candidate's grounding metadata (kept for display, never sent back). */
export const GEMINI_GROUNDING_KIND = 'groundingMetadata';

/**
 * Kind of the `provider` part holding safety ratings: `data.safetyRatings` (the candidate's) and
 * `data.promptFeedback` (the prompt's, when Gemini sent ratings for it). Kept for display, never sent back.
 */
export const GEMINI_SAFETY_KIND = 'safetyRatings';

/** Texts per `batchEmbedContents` request. */
export const GEMINI_EMBEDDING_BATCH_SIZE = 100;
