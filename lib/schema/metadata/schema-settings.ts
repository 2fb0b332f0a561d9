/** Environment variable that turns `strictSchemas` on for the whole process (`1`, `true`). */
export const STRICT_SCHEMAS_ENV = 'CHAT_TS_STRICT_SCHEMAS';

/** How chat-ts treats classes that have no generated schema. */
export interface SchemaSettings {
  /**
   * A class without a generated schema is an error (`MissingSchemaMetadataError`) instead of
   * falling back to the run-time schema. Default: off, or on when `CHAT_TS_STRICT_SCHEMAS=1`.
   */
  readonly strictSchemas?: boolean;
  /**
   * Warn once per class that falls back to the run-time schema (default true). Turn off only where
   * run-time schemas are deliberate (every property carries its validators and `@Field()` hints).
   */
  readonly runtimeSchemaWarnings?: boolean;
}

const STATE_KEY = Symbol.for('chat-ts.schema-settings');

interface State {
  global: SchemaSettings;
  /** Overrides of a `withSchemaSettings()` call in progress (innermost last). */
  scopes: SchemaSettings[];
}

function state(): State {
  const holder = globalThis as { [STATE_KEY]?: State };
  holder[STATE_KEY] ??= { global: {}, scopes: [] };
  return holder[STATE_KEY];
}

/**
 * Sets the process-wide schema settings (merged into the current ones).
 *
 * @example
 * configureSchemas({ strictSchemas: true }); // a class without a generated schema is an error
 */
export function configureSchemas(settings: SchemaSettings): void {
  const current = state();
  current.global = { ...current.global, ...settings };
}

/** Restores the default settings (tests). */
export function resetSchemaSettings(): void {
  const current = state();
  current.global = {};
  current.scopes = [];
}

/** Runs `fn` (synchronously) with these settings over the process-wide ones; `ChatModule` uses it for its `strictSchemas`. */
export function withSchemaSettings<T>(settings: SchemaSettings, fn: () => T): T {
  const current = state();
  current.scopes.push(settings);
  try {
    return fn();
  } finally {
    current.scopes.pop();
  }
}

/** The settings in effect: scoped overrides, then `configureSchemas()`, then the environment. */
export function currentSchemaSettings(): Required<SchemaSettings> {
  const current = state();
  const merged: SchemaSettings = Object.assign({}, current.global, ...current.scopes);
  const env = process.env[STRICT_SCHEMAS_ENV]?.toLowerCase();
  return {
    strictSchemas: merged.strictSchemas ?? (env === '1' || env === 'true' || env === 'yes'),
    runtimeSchemaWarnings: merged.runtimeSchemaWarnings ?? true,
  };
}
