/** Any value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema document (draft-07 subset used by chat-ts). Kept loose on purpose: dialects differ per provider. */
export type JsonSchema = { [key: string]: JsonValue | undefined };
