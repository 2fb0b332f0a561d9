/**
 * What a recorded Chat Completions answer says, read naively and independently of chat-ts's
 * mappers (no shared code): the expectation the conformance suite compares the provider with.
 */

type Obj = Record<string, unknown>;

/** The facts of one answer. */
export interface ExpectedAnswer {
  text: string;
  reasoning: string;
  toolCalls: { name: string; arguments: unknown; raw?: string }[];
  usage?: { input: number; output: number };
  finish?: string;
  model?: string;
  sources: number;
  /** The answer reports an error instead (an `error` chunk or `event: error`). */
  error?: boolean;
}

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

function parseArgs(text: unknown): { arguments: unknown; raw?: string } {
  if (typeof text !== 'string') return { arguments: text ?? {} };
  if (text.trim() === '') return { arguments: {} };
  try {
    return { arguments: JSON.parse(text) };
  } catch {
    return { arguments: null, raw: text };
  }
}

function addContent(answer: ExpectedAnswer, content: unknown): void {
  if (typeof content === 'string') answer.text += content;
  else if (Array.isArray(content)) {
    for (const item of content) {
      const o = obj(item);
      if (o.type === 'text' && typeof o.text === 'string') answer.text += o.text;
      if (o.type === 'thinking') {
        const t = o.thinking;
        answer.reasoning += typeof t === 'string' ? t : (Array.isArray(t) ? t : []).map((x) => String(obj(x).text ?? '')).join('');
      }
    }
  }
}

function addReasoning(answer: ExpectedAnswer, message: Obj): void {
  const r = message.reasoning_content || message.reasoning;
  if (typeof r === 'string') answer.reasoning += r;
}

function usageOf(body: Obj): { input: number; output: number } | undefined {
  const u = Object.keys(obj(body.usage)).length > 0 ? obj(body.usage) : obj(obj(body.x_groq).usage);
  if (typeof u.prompt_tokens !== 'number') return undefined;
  return { input: u.prompt_tokens, output: typeof u.completion_tokens === 'number' ? u.completion_tokens : 0 };
}

function sourcesOf(body: Obj): number | undefined {
  if (Array.isArray(body.search_results) && body.search_results.length > 0) return body.search_results.length;
  if (Array.isArray(body.citations) && body.citations.length > 0) return body.citations.length;
  return undefined;
}

/** Splits inline `<think>` reasoning, for servers whose preset asks for it. */
function splitThink(answer: ExpectedAnswer): void {
  const match = /^([\s\S]*?)<think>([\s\S]*?)(?:<\/think>|$)([\s\S]*)$/.exec(answer.text);
  if (!match) return;
  answer.reasoning += match[2];
  answer.text = match[1] + match[3];
}

/** Reads a whole `chat.completion` body. */
export function expectWhole(body: unknown, thinkTags = false): ExpectedAnswer {
  const root = obj(body);
  const answer: ExpectedAnswer = { text: '', reasoning: '', toolCalls: [], sources: 0 };
  if (root.error && !root.choices) return { ...answer, error: true };
  const choice = obj((Array.isArray(root.choices) ? root.choices : [])[0]);
  const message = obj(choice.message);
  addReasoning(answer, message);
  addContent(answer, message.content);
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    const fn = obj(obj(call).function);
    answer.toolCalls.push({ name: String(fn.name), ...parseArgs(fn.arguments) });
  }
  if (thinkTags) splitThink(answer);
  answer.usage = usageOf(root);
  answer.finish = typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined;
  answer.model = typeof root.model === 'string' && root.model ? root.model : undefined;
  answer.sources = sourcesOf(root) ?? 0;
  return answer;
}

/** The `data:` payloads (and whether an `event: error` came) of raw SSE text. */
export function ssePayloads(raw: string): { payloads: string[]; errorEvent: boolean } {
  const payloads: string[] = [];
  let errorEvent = false;
  for (const block of raw.replace(/\r\n/g, '\n').split('\n\n')) {
    const lines = block.split('\n');
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    if (lines.some((l) => l.trim() === 'event: error')) errorEvent = true;
    if (data.length > 0) payloads.push(data.join('\n'));
  }
  return { payloads, errorEvent };
}

/** Reads a stream, given its `data:` payloads in order. */
export function expectStream(payloads: readonly string[], thinkTags = false): ExpectedAnswer {
  const answer: ExpectedAnswer = { text: '', reasoning: '', toolCalls: [], sources: 0 };
  const calls = new Map<string, { name: string; args: string; id?: string }>();
  for (const payload of payloads) {
    if (payload.trim() === '[DONE]') continue;
    const chunk = obj(JSON.parse(payload));
    if (chunk.error) answer.error = true;
    answer.model ??= typeof chunk.model === 'string' && chunk.model ? chunk.model : undefined;
    answer.usage = usageOf(chunk) ?? answer.usage;
    answer.sources = sourcesOf(chunk) ?? answer.sources;
    for (const c of Array.isArray(chunk.choices) ? chunk.choices : []) {
      const choice = obj(c);
      if ((choice.index ?? 0) !== 0) continue;
      const delta = obj(choice.delta);
      addReasoning(answer, delta);
      addContent(answer, delta.content);
      for (const t of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        const call = obj(t);
        // An id comes only on a call's first chunk: a new id at a used index is a new call.
        let key = typeof call.index === 'number' ? `i${call.index}` : `id${String(call.id)}`;
        if (typeof call.id === 'string' && call.id && calls.get(key)?.id && calls.get(key)!.id !== call.id) {
          calls.set(`${key}~${calls.size}`, calls.get(key)!);
          calls.delete(key);
        }
        const entry = calls.get(key) ?? { name: '', args: '', id: typeof call.id === 'string' ? call.id : undefined };
        const fn = obj(call.function);
        if (typeof fn.name === 'string' && !entry.name) entry.name = fn.name;
        if (typeof fn.arguments === 'string') entry.args += fn.arguments;
        calls.set(key, entry);
      }
      if (typeof choice.finish_reason === 'string' && choice.finish_reason) answer.finish = choice.finish_reason;
    }
  }
  for (const call of calls.values()) answer.toolCalls.push({ name: call.name, ...parseArgs(call.args) });
  if (thinkTags) splitThink(answer);
  return answer;
}
