import type { JsonObject, JsonValue } from '../../core/json.types';
import type { ToolSpec } from '../../core/provider.types';
import type { NativeTool, NativeToolKind, ToolChoice } from '../../core/tool.types';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import { supportsToolCombination } from './gemini-model.family';
import { adaptSchema, type GeminiSchemaDialect } from './gemini-schema.adapter';

/** Native tools the Gemini API runs itself. `web-search` is an alias of `google-search`. */
export const GEMINI_NATIVE_TOOLS: readonly NativeToolKind[] = ['google-search', 'code-execution', 'google-maps', 'url-context'];

/** The `tools` and `toolConfig` fields of a request. */
export interface GeminiToolFields {
  readonly tools?: JsonObject[];
  readonly toolConfig?: JsonObject;
}

/** What {@link toGeminiTools} needs. */
export interface GeminiToolInput {
  readonly model: string;
  readonly tools: readonly ToolSpec[];
  readonly nativeTools: readonly NativeTool[];
  readonly toolChoice?: ToolChoice;
  readonly dialect: GeminiSchemaDialect;
  /** Ask Gemini 3 to stream function call arguments (`partialArgs`). */
  readonly streamFunctionCallArguments?: boolean;
}

function nativeTool(tool: NativeTool): JsonObject {
  const options: JsonObject = { ...(tool.options ?? {}) } as JsonObject;
  switch (tool.kind) {
    case 'google-search':
    case 'web-search':
      return { googleSearch: options };
    case 'code-execution':
      return { codeExecution: options };
    case 'url-context':
      return { urlContext: options };
    case 'google-maps': {
      const { latitude: _lat, longitude: _lng, ...rest } = options;
      return { googleMaps: rest };
    }
    default:
      throw new UnsupportedFeatureError(`gemini has no native tool "${tool.kind}" (it offers ${GEMINI_NATIVE_TOOLS.join(', ')})`, {
        provider: 'gemini',
      });
  }
}

function functionCallingConfig(choice: ToolChoice | undefined, stream: boolean | undefined): JsonObject | undefined {
  const config: JsonObject = {};
  if (choice === 'auto') config.mode = 'AUTO';
  else if (choice === 'none') config.mode = 'NONE';
  else if (choice === 'required') config.mode = 'ANY';
  else if (choice !== undefined) {
    config.mode = 'ANY';
    config.allowedFunctionNames = [choice.name];
  }
  if (stream) config.streamFunctionCallArguments = true;
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * Function declarations (schemas in the chosen dialect), native tools, tool choice and, when both
 * kinds are present, `includeServerSideToolInvocations` (Gemini 3 tool combination). Older models
 * cannot mix them: that is an `UnsupportedFeatureError` before anything is sent.
 */
export function toGeminiTools(input: GeminiToolInput): GeminiToolFields {
  const unique = new Map<string, NativeTool>();
  for (const tool of input.nativeTools) unique.set(tool.kind === 'web-search' ? 'google-search' : tool.kind, tool);
  const natives = [...unique.values()];
  const tools: JsonObject[] = [];
  if (input.tools.length > 0) {
    const key = input.dialect === 'openapi' ? 'parameters' : 'parametersJsonSchema';
    tools.push({
      functionDeclarations: input.tools.map((t) => ({ name: t.name, description: t.description, [key]: adaptSchema(t.parameters, input.dialect) })),
    });
  }
  for (const tool of natives) tools.push(nativeTool(tool));

  const toolConfig: JsonObject = {};
  const calling = input.tools.length > 0 ? functionCallingConfig(input.toolChoice, input.streamFunctionCallArguments) : undefined;
  if (calling) toolConfig.functionCallingConfig = calling;
  if (input.tools.length > 0 && natives.length > 0) {
    if (!supportsToolCombination(input.model)) {
      throw new UnsupportedFeatureError(
        `gemini model ${input.model} cannot use native tools (${natives.map((t) => t.kind).join(', ')}) together with function tools; ` +
          'Gemini 3 models can, or use one kind per chat',
        { provider: 'gemini' },
      );
    }
    toolConfig.includeServerSideToolInvocations = true;
  }
  const maps = natives.find((t) => t.kind === 'google-maps')?.options;
  if (maps && typeof maps.latitude === 'number' && typeof maps.longitude === 'number') {
    toolConfig.retrievalConfig = { latLng: { latitude: maps.latitude, longitude: maps.longitude } as JsonValue };
  }
  return {
    ...(tools.length > 0 ? { tools } : {}),
    ...(Object.keys(toolConfig).length > 0 ? { toolConfig } : {}),
  };
}
