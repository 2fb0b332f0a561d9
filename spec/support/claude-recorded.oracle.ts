/**
 * What a recorded Anthropic response says, read straight from the wire data with no chat-ts code:
 * the expectations the anthropic conformance suite checks the provider against.
 */

type Obj = Record<string, unknown>;

/** Expected outcome of one recorded response. */
export interface RecordedExpectation {
  text: string;
  thinking: Array<{ text: string; signature: string }>;
  redacted: string[];
  toolCalls: Array<{ id: string; name: string; arguments: unknown }>;
  /** Ids of provider-run calls (`server_tool_use`). */
  serverCalls: string[];
  /** Types of the other blocks (server tool results, compaction, ...), in order. */
  otherBlocks: string[];
  stopReason: string | null;
  inputTokens: number;
  outputTokens: number;
}

const TOKEN_FIELDS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const;

function empty(): RecordedExpectation {
  return { text: '', thinking: [], redacted: [], toolCalls: [], serverCalls: [], otherBlocks: [], stopReason: null, inputTokens: 0, outputTokens: 0 };
}

function addBlock(out: RecordedExpectation, block: Obj, extra: { text?: string; thinking?: string; signature?: string; json?: string } = {}): void {
  const type = String(block.type);
  if (type === 'text') out.text += String(block.text ?? '') + (extra.text ?? '');
  else if (type === 'thinking') out.thinking.push({ text: String(block.thinking ?? '') + (extra.thinking ?? ''), signature: String(block.signature ?? '') + (extra.signature ?? '') });
  else if (type === 'redacted_thinking') out.redacted.push(String(block.data));
  else if (type === 'tool_use') {
    const json = extra.json ?? '';
    if (out.toolCalls.some((c) => c.id === block.id)) return;
    out.toolCalls.push({ id: String(block.id), name: String(block.name), arguments: json.trim() === '' ? block.input : JSON.parse(json) });
  } else if (type === 'server_tool_use') out.serverCalls.push(String(block.id));
  else out.otherBlocks.push(type);
}

function addUsage(out: RecordedExpectation, usage: Obj): void {
  const n = (k: (typeof TOKEN_FIELDS)[number]): number => (typeof usage[k] === 'number' ? (usage[k] as number) : 0);
  out.inputTokens += n('input_tokens') + n('cache_read_input_tokens') + n('cache_creation_input_tokens');
  out.outputTokens += n('output_tokens');
}

/** Expectations of a whole (non-streamed) message body. */
export function expectFromMessage(body: Obj): RecordedExpectation {
  const out = empty();
  for (const block of (body.content as Obj[]) ?? []) addBlock(out, block);
  out.stopReason = (body.stop_reason as string | null) ?? null;
  addUsage(out, (body.usage as Obj) ?? {});
  return out;
}

/** Expectations of a stream's event payloads (possibly several message cycles). */
export function expectFromEvents(events: readonly Obj[]): RecordedExpectation {
  const out = empty();
  let usage: Obj | undefined;
  let open = new Map<number, { block: Obj; text: string; thinking: string; signature: string; json: string }>();
  const close = (): void => {
    for (const b of open.values()) addBlock(out, b.block, b);
    open = new Map();
  };
  for (const e of events) {
    if (e.type === 'message_start') {
      close();
      if (usage) addUsage(out, usage);
      const message = e.message as Obj;
      usage = { ...(message.usage as Obj) };
      for (const block of (message.content as Obj[]) ?? []) addBlock(out, block);
    } else if (e.type === 'content_block_start') {
      open.set(e.index as number, { block: e.content_block as Obj, text: '', thinking: '', signature: '', json: '' });
    } else if (e.type === 'content_block_delta') {
      const b = open.get(e.index as number);
      const d = e.delta as Obj;
      if (!b) continue;
      if (d.type === 'text_delta') b.text += String(d.text);
      if (d.type === 'thinking_delta') b.thinking += String(d.thinking);
      if (d.type === 'signature_delta') b.signature += String(d.signature);
      if (d.type === 'input_json_delta') b.json += String(d.partial_json);
    } else if (e.type === 'content_block_stop') {
      const b = open.get(e.index as number);
      if (b) addBlock(out, b.block, b);
      open.delete(e.index as number);
    } else if (e.type === 'message_delta') {
      const d = e.delta as Obj;
      if (d.stop_reason != null) out.stopReason = d.stop_reason as string;
      for (const [k, v] of Object.entries((e.usage as Obj) ?? {})) if (typeof v === 'number' && usage) usage[k] = v;
    }
  }
  close();
  if (usage) addUsage(out, usage);
  return out;
}

/** The `data:` payloads of a raw SSE body (LF or CRLF framing). */
export function ssePayloads(body: string): Obj[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((frame) => frame.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n'))
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Obj);
}
