import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk } from 'ai';
import { ChatBuilder } from '../../lib/chat';
import type { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { useEmulator } from '../support/emulator-suite';
import { makeTool } from '../support/test-tools';
import { NodeUIChat } from './node-ui-chat.client';
import { startUIChatServer, type UIChatServer } from './ui-chat.server';

type ToolPart = Extract<UIMessage['parts'][number], { toolCallId: string }>;
const toolParts = (message: UIMessage): ToolPart[] => message.parts.filter((part): part is ToolPart => 'toolCallId' in part);

/**
 * A chat-ts endpoint (plain `node:http` on 127.0.0.1, the chat over the emulator) read by the `ai`
 * package's own client: `AbstractChat` with `DefaultChatTransport` (what `useChat` runs), and
 * `parseJsonEventStream` + `uiMessageChunkSchema` + `readUIMessageStream` on the raw response.
 */
describe('UI message stream read by the Vercel AI SDK client', () => {
  let emulator: ProviderEmulator;
  let server: UIChatServer;
  const refunds: unknown[] = [];
  useEmulator((e) => (emulator = e), {}, () => (refunds.length = 0));

  beforeAll(async () => {
    const findOrder = makeTool({
      name: 'find_order',
      parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
      execute: (args: { orderId: string }) => (args.orderId === 'A-1' ? { id: 'A-1', item: 'keyboard', status: 'shipped' } : Promise.reject(new Error(`There is no order ${args.orderId}`))),
    });
    const refund = makeTool({
      name: 'refund_order',
      parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
      metadata: { requiresApproval: true },
      execute: (args: { orderId: string }) => (refunds.push(args), `refunded ${args.orderId}`),
    });
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'ui')).withTools([findOrder, refund]).withRetry(false).withApprovalSecret('ui-stream-approval-secret').build();
    server = await startUIChatServer(chat, { messageMetadata: (finish) => ({ outputTokens: finish.usage.outputTokens }) });
  });
  afterAll(() => server?.close());

  const script = (replies: Parameters<ProviderEmulator['script']>[0]) => emulator.script(replies, 'ui');

  it('answers with the protocol header and chunks the SDK schema accepts, ending with [DONE]', async () => {
    script([{ reasoning: 'The user greets.', text: 'Hello there, friend.' }]);
    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'raw-1', trigger: 'submit-message', messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const [raw, parsed] = (response.body as ReadableStream<Uint8Array>).tee();
    const chunks: UIMessageChunk[] = [];
    const invalid: unknown[] = [];
    const reader = parseJsonEventStream({ stream: parsed, schema: uiMessageChunkSchema }).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (next.value.success) chunks.push(next.value.value);
      else invalid.push(next.value.error);
    }
    expect(invalid).toEqual([]);
    expect(await new Response(raw).text()).toMatch(/data: \[DONE\]\n\n$/);
    const types = chunks.map((chunk) => chunk.type);
    expect(types[0]).toBe('start');
    expect(types.slice(-2)).toEqual(['finish-step', 'finish']);
    expect(types.filter((type) => type === 'text-delta').length).toBeGreaterThan(1);
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', messageMetadata: { outputTokens: expect.any(Number) } });

    let last: UIMessage | undefined;
    const stream = new ReadableStream<UIMessageChunk>({ start: (controller) => (chunks.forEach((chunk) => controller.enqueue(chunk)), controller.close()) });
    for await (const message of readUIMessageStream({ stream })) last = message;
    expect(last?.parts.filter((part) => part.type !== 'step-start')).toEqual([
      expect.objectContaining({ type: 'reasoning', text: 'The user greets.', state: 'done' }),
      expect.objectContaining({ type: 'text', text: 'Hello there, friend.', state: 'done' }),
    ]);
  });

  it('useChat\'s client streams the text of an answer into the assistant message', async () => {
    script([{ text: 'Your order has shipped.' }]);
    const chat = new NodeUIChat(`${server.url}/api/chat`);
    await chat.sendMessage({ text: 'Where is my order?' });
    expect(chat.errors).toEqual([]);
    expect(chat.status).toBe('ready');
    expect(chat.answerText).toBe('Your order has shipped.');
    expect(chat.answer.metadata).toEqual({ outputTokens: expect.any(Number) });
    const growing = [...new Set(chat.renders.filter((text) => text !== ''))];
    expect(growing.length).toBeGreaterThan(2);
    growing.forEach((text, i) => i > 0 && expect(text.startsWith(growing[i - 1])).toBe(true));
    expect(emulator.requests('ui')[0].body).toMatchObject({ input: [expect.objectContaining({ role: 'user' })] });
  });

  it('shows a tool call with its input and result, a failing call with its error, then the answer', async () => {
    script([
      { toolCalls: [{ id: 'c1', name: 'find_order', arguments: { orderId: 'A-1' } }, { id: 'c2', name: 'find_order', arguments: { orderId: 'Z-9' } }] },
      { text: 'A-1 shipped; there is no Z-9.' },
    ]);
    const chat = new NodeUIChat(`${server.url}/api/chat`);
    await chat.sendMessage({ text: 'Where are A-1 and Z-9?' });
    expect(chat.errors).toEqual([]);
    expect(toolParts(chat.answer)).toEqual([
      expect.objectContaining({ type: 'tool-find_order', toolCallId: 'c1', state: 'output-available', input: { orderId: 'A-1' }, output: { id: 'A-1', item: 'keyboard', status: 'shipped' } }),
      expect.objectContaining({ type: 'tool-find_order', toolCallId: 'c2', state: 'output-error', input: { orderId: 'Z-9' }, errorText: expect.stringContaining('There is no order Z-9') }),
    ]);
    expect(chat.answerText).toBe('A-1 shipped; there is no Z-9.');
    expect(chat.answer.parts.filter((part) => part.type === 'step-start')).toHaveLength(2);
  });

  it('an approval round trip: the call waits, addToolApprovalResponse sends the decision, the call runs and the answer continues the same message', async () => {
    script([{ toolCalls: [{ id: 'r1', name: 'refund_order', arguments: { orderId: 'A-1' } }] }, { text: 'Refunded A-1.' }]);
    const chat = new NodeUIChat(`${server.url}/api/chat`);
    await chat.sendMessage({ text: 'Refund A-1' });
    const [waiting] = toolParts(chat.answer);
    expect(waiting).toMatchObject({ type: 'tool-refund_order', toolCallId: 'r1', state: 'approval-requested', input: { orderId: 'A-1' }, approval: { id: 'r1' } });
    expect(refunds).toEqual([]);
    expect(emulator.requests('ui')).toHaveLength(1);

    const resumed = chat.nextFinish();
    await chat.addToolApprovalResponse({ id: 'r1', approved: true });
    await resumed;
    expect(chat.errors).toEqual([]);
    expect(refunds).toEqual([{ orderId: 'A-1' }]);
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(toolParts(chat.answer)).toEqual([expect.objectContaining({ toolCallId: 'r1', state: 'output-available', output: 'refunded A-1' })]);
    expect(chat.answerText).toBe('Refunded A-1.');
    expect(emulator.requests('ui')).toHaveLength(2);
  });

  it('a denied approval: the call never runs, the part is output-denied and the model hears why', async () => {
    script([{ toolCalls: [{ id: 'r2', name: 'refund_order', arguments: { orderId: 'A-1' } }] }, { text: 'Fine, no refund.' }]);
    const chat = new NodeUIChat(`${server.url}/api/chat`);
    await chat.sendMessage({ text: 'Refund A-1' });
    const resumed = chat.nextFinish();
    await chat.addToolApprovalResponse({ id: 'r2', approved: false, reason: 'Not this month' });
    await resumed;
    expect(refunds).toEqual([]);
    expect(toolParts(chat.answer)).toEqual([expect.objectContaining({ toolCallId: 'r2', state: 'output-denied' })]);
    expect(chat.answerText).toBe('Fine, no refund.');
    expect(JSON.stringify(emulator.requests('ui')[1].body)).toContain('Not this month');
  });

  it('a failing model request ends the stream with an error the client reports, not a broken connection', async () => {
    script([{ error: { status: 429, message: 'Slow down please', retryAfter: 7 } }]);
    const chat = new NodeUIChat(`${server.url}/api/chat`);
    await chat.sendMessage({ text: 'Hi' });
    expect(chat.status).toBe('error');
    expect(chat.errors).toHaveLength(1);
    expect(chat.error?.message).toMatch(/Slow down please|rate limit/i);
    expect(chat.errors[0].message).not.toMatch(/sk-emulator/);
  });

  it('a body that is not a chat request is answered 400 with the reason', async () => {
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'x', messages: [] }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'The chat request has no "messages"' });
    expect(emulator.requests('ui')).toHaveLength(0);
  });
});
