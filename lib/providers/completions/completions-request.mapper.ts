import type { ProviderRequest, ResponseFormat } from '../../core/provider.types';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { ChatCompletionsConfig } from './completions-config.types';
import { mapMessages } from './completions-message.mapper';
import { applyRequestDialect, type CompletionsRequestDialect } from './completions-request.dialect';
import { toPlainSchema, toStrictSchema } from './completions-schema.adapter';
import { mapToolChoice, mapTools } from './completions-tool.mapper';
import type { CompletionsMessage, CompletionsRequestBody } from './completions-wire.types';

/** `response_format.json_schema.name` must match `^[a-zA-Z0-9_-]{1,64}$`. */
function schemaName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return clean || 'response';
}

function jsonObjectInstruction(format: ResponseFormat): string {
  return `Reply with one JSON object only, matching this JSON Schema:\n${JSON.stringify(toPlainSchema(format.schema))}`;
}

function withInstruction(messages: CompletionsMessage[], instruction: string): CompletionsMessage[] {
  const first = messages[0];
  if (first?.role === 'system' && typeof first.content === 'string') {
    return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...messages.slice(1)];
  }
  return [{ role: 'system', content: instruction }, ...messages];
}

/**
 * Builds the `POST /chat/completions` body of a neutral request: messages, tools and tool_choice,
 * structured output (per {@link StructuredOutputMode}), sampling options, the server's
 * {@link CompletionsRequestDialect} (`warnings` collects what it changed), then `providerOptions`
 * merged on top (they win, sent as given).
 */
export function mapRequest(config: ChatCompletionsConfig, request: ProviderRequest, stream: boolean, warnings: string[] = []): CompletionsRequestBody {
  const providerId = config.id ?? 'completions';
  if (request.nativeTools && request.nativeTools.length > 0) {
    throw new UnsupportedFeatureError(
      `${providerId}: native tools (${request.nativeTools.map((t) => t.kind).join(', ')}) are not available on the Chat Completions wire`,
      { provider: providerId },
    );
  }
  let messages = mapMessages(request.messages, request.system, { providerId, replayReasoning: config.replayReasoning });
  const body: CompletionsRequestBody = { model: config.model, messages };
  const strict = config.strictSchemas === true;

  if (request.tools && request.tools.length > 0) {
    body.tools = mapTools(request.tools, strict);
    if (request.toolChoice) body.tool_choice = mapToolChoice(request.toolChoice);
  } else if (request.toolChoice === 'none') {
    body.tool_choice = 'none';
  }

  const format = request.responseFormat;
  if (format) {
    const mode = config.structuredOutput ?? 'json_schema';
    if (mode === 'json_schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name: schemaName(format.name),
          ...(format.description ? { description: format.description } : {}),
          schema: strict ? toStrictSchema(format.schema) : toPlainSchema(format.schema),
          ...(strict ? { strict: true } : {}),
        },
      };
    } else if (mode === 'json_object') {
      body.response_format = { type: 'json_object' };
      messages = withInstruction(messages, jsonObjectInstruction(format));
      body.messages = messages;
    } else {
      body.format = toPlainSchema(format.schema);
    }
  }

  const o = request.options ?? {};
  if (o.maxTokens !== undefined) body[config.maxCompletionTokens ? 'max_completion_tokens' : 'max_tokens'] = o.maxTokens;
  if (o.temperature !== undefined) body.temperature = o.temperature;
  if (o.topP !== undefined) body.top_p = o.topP;
  if (o.topK !== undefined) body.top_k = o.topK;
  if (o.stop && o.stop.length > 0) body.stop = [...o.stop];
  if (o.seed !== undefined) body.seed = o.seed;
  if (o.reasoning?.effort) body.reasoning_effort = o.reasoning.effort;

  if (stream) {
    body.stream = true;
    if (config.streamUsage !== false) body.stream_options = { include_usage: true };
  }
  for (const [key, value] of Object.entries(config.bodyDefaults ?? {})) if (body[key] === undefined) body[key] = value;
  applyRequestDialect(body, config.requestDialect, warnings, providerId);
  if (request.providerOptions) Object.assign(body, request.providerOptions);
  return body;
}
