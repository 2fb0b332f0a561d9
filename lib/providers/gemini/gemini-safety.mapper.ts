import type { ProviderPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { GeminiPromptFeedback, GeminiSafetyRating } from './gemini-wire.types';
import { GEMINI_PROVIDER_ID, GEMINI_SAFETY_KIND } from './gemini.constants';

const asJson = (ratings: readonly GeminiSafetyRating[]): JsonValue => ratings as unknown as JsonValue;

/**
 * The safety ratings of an answer as a `provider` part (kind `safetyRatings`): the candidate's
 * `safetyRatings`, and the prompt's `promptFeedback` when it carries ratings. Undefined when
 * Gemini sent none (most Gemini 2.5+ answers that were not filtered).
 *
 * @example
 * const ratings = reply.message.parts.find((p) => p.type === 'provider' && p.kind === 'safetyRatings');
 * // ratings?.data.safetyRatings → [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }, ...]
 */
export function safetyRatingsPart(
  candidate: readonly GeminiSafetyRating[] | undefined,
  prompt: GeminiPromptFeedback | undefined,
  model: string,
): ProviderPart | undefined {
  const data: JsonObject = {};
  if (candidate && candidate.length > 0) data.safetyRatings = asJson(candidate);
  if (prompt?.safetyRatings && prompt.safetyRatings.length > 0) data.promptFeedback = promptFeedbackDetails(prompt);
  if (Object.keys(data).length === 0) return undefined;
  return { type: 'provider', kind: GEMINI_SAFETY_KIND, data, origin: { provider: GEMINI_PROVIDER_ID, model } };
}

/** `promptFeedback` as plain JSON (block reason, its message, ratings), for a part or an error's `details`. */
export function promptFeedbackDetails(feedback: GeminiPromptFeedback): JsonObject {
  const out: JsonObject = {};
  if (feedback.blockReason !== undefined) out.blockReason = feedback.blockReason;
  if (feedback.blockReasonMessage !== undefined) out.blockReasonMessage = feedback.blockReasonMessage;
  if (feedback.safetyRatings !== undefined) out.safetyRatings = asJson(feedback.safetyRatings);
  return out;
}
