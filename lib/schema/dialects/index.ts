import type { SchemaDialect } from './schema-dialect.types';
import { claudeDialect } from './claude.dialect';
import { geminiDialect } from './gemini.dialect';
import { openAiStrictDialect } from './openai-strict.dialect';

export * from './schema-dialect.types';
export { claudeDialect, geminiDialect, openAiStrictDialect };

/** Every built-in dialect by name. */
export const SCHEMA_DIALECTS: { readonly [name in SchemaDialect['name']]: SchemaDialect } = {
  'openai-strict': openAiStrictDialect,
  gemini: geminiDialect,
  claude: claudeDialect,
};
