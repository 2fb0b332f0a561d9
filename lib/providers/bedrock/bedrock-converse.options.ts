import type { JsonObject, JsonValue } from '../../core/json.types';

/** A Bedrock guardrail applied to every Converse call (`guardrailConfig`). */
export interface BedrockGuardrail {
  /** Guardrail id or ARN. */
  readonly identifier: string;
  /** Guardrail version, e.g. `1` or `DRAFT`. */
  readonly version: string;
  /** `enabled` (default): Bedrock reports which policy intervened, and chat-ts names it in a warning. */
  readonly trace?: 'enabled' | 'disabled' | 'enabled_full';
  /** ConverseStream only: `sync` (default, chunks held until checked) or `async`. */
  readonly streamProcessingMode?: 'sync' | 'async';
}

/** Where a prompt-cache checkpoint (`cachePoint`) is put: after the system prompt, after the tools, after the last message. */
export type BedrockCachePoint = 'system' | 'tools' | 'messages';

/** Converse features a `BedrockBuilder` turns on for every request. */
export interface BedrockConverseOptions {
  readonly guardrail?: BedrockGuardrail;
  readonly cachePoints?: readonly BedrockCachePoint[];
  /** Ask for citations on document input (`citations: { enabled: true }` on each document block). */
  readonly citations?: boolean;
}

const CACHE_POINT: JsonObject = { cachePoint: { type: 'default' } };
const objects = (v: JsonValue | undefined): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);

/** Adds the builder's guardrail, cache checkpoints and citation requests to a mapped Converse body (in place). */
export function applyConverseOptions(body: JsonObject, options: BedrockConverseOptions, stream: boolean): void {
  const g = options.guardrail;
  if (g && body.guardrailConfig === undefined) {
    body.guardrailConfig = {
      guardrailIdentifier: g.identifier,
      guardrailVersion: g.version,
      trace: g.trace ?? 'enabled',
      ...(stream && g.streamProcessingMode ? { streamProcessingMode: g.streamProcessingMode } : {}),
    };
  }
  const messages = objects(body.messages);
  if (options.citations) {
    for (const m of messages) for (const c of objects(m.content)) if (c.document) c.document = { ...(c.document as JsonObject), citations: { enabled: true } };
  }
  const points = new Set(options.cachePoints ?? []);
  if (points.has('system') && Array.isArray(body.system)) body.system = [...body.system, CACHE_POINT];
  const toolConfig = body.toolConfig as JsonObject | undefined;
  if (points.has('tools') && toolConfig && Array.isArray(toolConfig.tools)) toolConfig.tools = [...toolConfig.tools, CACHE_POINT];
  const last = messages[messages.length - 1];
  if (points.has('messages') && last && Array.isArray(last.content)) last.content = [...last.content, CACHE_POINT];
}

type Obj = { readonly [key: string]: unknown };
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const fired = (x: Obj): boolean => x.action !== undefined && x.action !== 'NONE' && x.detected !== false;

/** The policies of one guardrail assessment that acted, e.g. `content:VIOLENCE`, `topic:Investing`, `pii:EMAIL`. */
function assessmentCategories(assessment: unknown): string[] {
  const a = obj(assessment);
  return [
    ...list(obj(a.topicPolicy).topics).filter(fired).map((t) => `topic:${String(t.name)}`),
    ...list(obj(a.contentPolicy).filters).filter(fired).map((f) => `content:${String(f.type)}`),
    ...list(obj(a.wordPolicy).customWords).filter(fired).map(() => 'word:custom'),
    ...list(obj(a.wordPolicy).managedWordLists).filter(fired).map((w) => `word:${String(w.type)}`),
    ...list(obj(a.sensitiveInformationPolicy).piiEntities).filter(fired).map((p) => `pii:${String(p.type)}`),
    ...list(obj(a.sensitiveInformationPolicy).regexes).filter(fired).map((r) => `regex:${String(r.name)}`),
    ...list(obj(a.contextualGroundingPolicy).filters).filter(fired).map((f) => `grounding:${String(f.type)}`),
  ];
}

/**
 * The policies a guardrail trace (`trace.guardrail` of a Converse response, or of a ConverseStream
 * `metadata` event) reports as acting, input and output assessments together, without repeats.
 */
export function guardrailCategories(trace: unknown): string[] {
  const g = obj(obj(trace).guardrail);
  const input = Object.values(obj(g.inputAssessment)).flatMap(assessmentCategories);
  const output = Object.values(obj(g.outputAssessments)).flatMap((assessments) => (Array.isArray(assessments) ? assessments : [assessments]).flatMap(assessmentCategories));
  return [...new Set([...input, ...output])];
}

/** The warning that makes a guardrail's action visible (undefined when none acted). */
export function guardrailWarning(stopReason: string | undefined, trace: unknown): string | undefined {
  const categories = guardrailCategories(trace);
  const named = categories.length > 0 ? ` (${categories.join(', ')})` : '';
  if (stopReason === 'guardrail_intervened') {
    return `bedrock: a guardrail intervened${named}; the answer is the guardrail's message${named ? '' : " (withGuardrail() with trace 'enabled' names the policy)"}`;
  }
  return categories.length > 0 ? `bedrock: a guardrail acted on the conversation${named}` : undefined;
}
