import type { ContentPart, TextPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { ProviderRequest } from '../../core/provider.types';
import { restoreValue, type GeminiSchemaDialect } from './gemini-schema.adapter';

/**
 * Undoes the OpenAPI-subset adaptation on what Gemini returns (enum values it had to receive as
 * strings): on tool-call arguments, and on the JSON text of structured output.
 */
export interface GeminiRestorer {
  toolArguments(name: string, args: JsonObject): JsonObject;
  output(parts: ContentPart[]): void;
}

/** A restorer for a request, or undefined when its schemas were sent unchanged (JSON Schema dialect). */
export function geminiRestorer(request: ProviderRequest, dialect: GeminiSchemaDialect): GeminiRestorer | undefined {
  if (dialect !== 'openapi') return undefined;
  const tools = new Map((request.tools ?? []).map((t) => [t.name, t.parameters]));
  const format = request.responseFormat?.schema;
  return {
    toolArguments(name: string, args: JsonObject): JsonObject {
      const schema = tools.get(name);
      return schema ? (restoreValue(args, schema, dialect) as JsonObject) : args;
    },
    output(parts: ContentPart[]): void {
      const texts = parts.filter((p): p is TextPart => p.type === 'text');
      if (!format || texts.length !== 1) return;
      let value: JsonValue;
      try {
        value = JSON.parse(texts[0].text) as JsonValue;
      } catch {
        return;
      }
      const restored = restoreValue(value, format, dialect);
      if (JSON.stringify(restored) !== JSON.stringify(value)) parts[parts.indexOf(texts[0])] = { ...texts[0], text: JSON.stringify(restored) };
    },
  };
}
