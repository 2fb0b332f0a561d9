/**
 * The Gemini generation a model name belongs to (`gemini-2.5-flash` → 2.5, `gemini-3-pro-preview`
 * → 3), or undefined for names that do not say (`gemini-flash-latest`, custom or emulated names).
 * Unknown names are treated as current models.
 */
export function geminiGeneration(model: string): number | undefined {
  const match = /gemini-(\d+(?:\.\d+)?)/i.exec(model);
  return match ? Number(match[1]) : undefined;
}

function atLeast(model: string, generation: number): boolean {
  const found = geminiGeneration(model);
  return found === undefined || found >= generation;
}

/** Built-in tools beside function declarations in one request (`includeServerSideToolInvocations`): Gemini 3 and later. */
export function supportsToolCombination(model: string): boolean {
  return atLeast(model, 3);
}

/** `responseJsonSchema` / `parametersJsonSchema`: Gemini 2.5 and later; older models get the OpenAPI subset. */
export function supportsJsonSchema(model: string): boolean {
  return atLeast(model, 2.5);
}

/** Gemini 3 validates thought signatures on function calls and takes `thinkingLevel` instead of budgets. */
export function isGemini3OrLater(model: string): boolean {
  return atLeast(model, 3);
}
