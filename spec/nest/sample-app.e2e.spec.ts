import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { SerializedConversation } from '../../lib/core';
import { fixedDelay } from '../../lib/retry';
import { ProviderEmulator } from '../../lib/testing';
import { AppModule } from '../../samples/nest/app.module';
import { configureApp } from '../../samples/nest/app.setup';
import type { AuditEntry } from '../../samples/nest/audit/audit-log.service';
import type { ChatReply, PendingApproval } from '../../samples/nest/chat/chat-reply';
import { OrdersService } from '../../samples/nest/orders/orders.service';
import { emulatedProvider, RecordingLogger, toolOutputs } from './nest-test.helpers';
import { SseClient } from './sse.client';

/** The sample Nest app, booted for real on 127.0.0.1 against the emulator, driven over HTTP. */
describe('samples/nest over HTTP (e2e)', () => {
  let emulator: ProviderEmulator;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register({ provider: () => emulatedProvider(emulator), retry: fixedDelay(0, 3) })] })
      .setLogger(new RecordingLogger())
      .compile();
    app = configureApp(moduleRef.createNestApplication());
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  async function call<T>(method: 'GET' | 'POST', path: string, user?: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { ...(user ? { 'x-user': user } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, body: (await response.json()) as T };
  }
  const ask = (user: string, message: string, conversationId?: string) => call<ChatReply>('POST', '/chat', user, { message, ...(conversationId ? { conversationId } : {}) });

  async function transcript(id: string): Promise<SerializedConversation> {
    return (await call<SerializedConversation>('GET', `/conversations/${id}`)).body;
  }

  it('POST /chat answers JSON; the tool uses an injected service and the audit interceptor wraps the call', async () => {
    emulator.script([{ toolCalls: [{ id: 'f1', name: 'find_order', arguments: { orderId: 'A-1001' } }] }, { text: 'It shipped.' }]);
    const { status, body } = await ask('alice', 'Where is A-1001?');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'completed', text: 'It shipped.', pendingApprovals: [] });
    expect(JSON.parse(body.toolResults[0].content)).toEqual({ id: 'A-1001', item: 'mechanical keyboard', total: 89, status: 'shipped', refunded: 0 });
    expect(JSON.parse(toolOutputs(emulator.requests()[1].body).f1)).toMatchObject({ item: 'mechanical keyboard' });
    // The generated metadata reached the wire: JSDoc descriptions and the @Matches() pattern, RefundArgs inheriting orderId.
    const offered = (emulator.requests()[0].body as { tools: Array<{ name: string; parameters: { properties: Record<string, unknown>; required?: string[] } }> }).tools;
    expect(offered.find((t) => t.name === 'find_order')?.parameters.properties.orderId).toMatchObject({ description: 'The order id, e.g. A-1001.', type: 'string', pattern: '^[A-Z]-\\d{4}$' });
    expect(offered.find((t) => t.name === 'refund_order')?.parameters).toMatchObject({
      properties: { orderId: { description: 'The order id, e.g. A-1001.' }, amount: { description: 'Amount to refund, in euros.', type: 'number', exclusiveMinimum: 0 } },
      required: expect.arrayContaining(['orderId', 'amount']),
    });
    const audit = (await call<AuditEntry[]>('GET', '/audit')).body;
    expect(audit.at(-1)).toMatchObject({ tool: 'find_order', caller: 'alice', callId: 'f1', outcome: 'ok' });

    emulator.script([{ text: 'You asked about A-1001.' }]);
    const followUp = await ask('alice', 'Which order was that?', body.conversationId);
    expect(followUp.body.text).toBe('You asked about A-1001.');
    expect((await transcript(body.conversationId)).messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user', 'assistant']);
  });

  it('validates request bodies with the app pipe, and answers 404 for an unknown conversation', async () => {
    expect((await call('POST', '/chat', 'alice', { message: '' })).status).toBe(400);
    expect((await call('POST', '/chat', 'alice', { message: 'hi', conversationId: '4b8e1c36-1111-4a5e-9d8f-0c2b1f7a9e10' })).status).toBe(404);
    expect(emulator.requests()).toHaveLength(0);
  });

  it("tool arguments follow the app's global ValidationPipe (toolValidation: 'global-pipe'): an unknown argument is refused, the model corrects it", async () => {
    emulator.script([
      { toolCalls: [{ id: 'x1', name: 'find_order', arguments: { orderId: 'A-1001', includeInternalNotes: true } }] },
      { toolCalls: [{ id: 'x2', name: 'find_order', arguments: { orderId: 'A-1001' } }] },
      { text: 'It shipped.' },
    ]);
    const { body } = await ask('alice', 'Where is A-1001?');
    expect(body.text).toBe('It shipped.');
    expect(toolOutputs(emulator.requests()[1].body).x1).toContain('property includeInternalNotes should not exist');
    expect(JSON.parse(toolOutputs(emulator.requests()[2].body).x2)).toMatchObject({ id: 'A-1001', status: 'shipped' });
  });

  it('the same guard denies a tool to a customer and allows it to support staff', async () => {
    const script = () => emulator.script([{ toolCalls: [{ id: 'n1', name: 'order_notes', arguments: { orderId: 'A-1002' } }] }, { text: 'Answered.' }]);
    script();
    const denied = (await ask('alice', 'Any notes on A-1002?')).body;
    expect(denied.toolResults[0]).toMatchObject({ name: 'order_notes', error: 'denied' });
    expect(toolOutputs(emulator.requests()[1].body).n1).toContain('not allowed for this caller');
    script();
    const allowed = (await ask('bob', 'Any notes on A-1002?')).body;
    expect(allowed.toolResults[0]).toEqual({ name: 'order_notes', content: 'Back-ordered until next week.' });
  });

  it('GET /chat/stream sends the chat events in order as server-sent events', async () => {
    emulator.script([{ toolCalls: [{ id: 's1', name: 'find_order', arguments: { orderId: 'A-1002' } }] }, { text: 'It ships next week.' }]);
    const client = new SseClient(`${url}/chat/stream?message=${encodeURIComponent('And A-1002?')}`, { 'x-user': 'alice' });
    await client.done;
    expect(client.status).toBe(200);
    const types = client.events.map((e) => e.type);
    expect(types[0]).toBe('conversation');
    expect(types.at(-1)).toBe('finish');
    expect(types.filter((t) => t === 'finish')).toHaveLength(1);
    const order = ['tool-call-start', 'tool-call-end', 'tool-result', 'text-delta', 'finish'].map((t) => types.indexOf(t));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(types.indexOf('step-finish')).toBeLessThan(types.indexOf('tool-result'));
    const text = client.events.filter((e) => e.type === 'text-delta').map((e) => e.delta).join('');
    expect(text).toBe('It ships next week.');
    expect(client.events.find((e) => e.type === 'tool-result')).toMatchObject({ result: { callId: 's1', name: 'find_order' } });
    const id = String(client.events[0].conversationId);
    const saved = await transcript(id);
    expect(saved.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'completed' });
  });

  it('closing the SSE connection aborts the upstream model request and keeps the interrupted turn', async () => {
    emulator.script([{ text: 'one two three four five six seven eight nine ten eleven twelve', chunkDelayMs: 60 }]);
    const closedUpstream = emulator.waitForClientClose();
    const client = new SseClient(`${url}/chat/stream?message=Count`, { 'x-user': 'alice' });
    await client.next(3); // conversation + two text deltas
    client.close();
    await closedUpstream;
    expect(emulator.requests()[0].closedByClient).toBe(true);
    const id = String(client.events[0].conversationId);
    let saved = await transcript(id);
    for (let i = 0; i < 50 && saved.messages.at(-1)?.status !== 'interrupted'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      saved = await transcript(id);
    }
    const last = saved.messages.at(-1);
    expect(last).toMatchObject({ role: 'assistant', status: 'interrupted' });
    const partial = last?.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') ?? '';
    expect('one two three four five six seven eight nine ten eleven twelve'.startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(40);
  });

  it('a provider failure is a 502 with the safe JSON of the error, or an error event on the stream', async () => {
    // three attempts each (the app's retry policy), all failing
    const exploded = { error: { status: 500, message: 'upstream exploded' } };
    emulator.script([exploded, exploded, exploded, exploded, exploded, exploded]);
    const failed = await call<Record<string, unknown>>('POST', '/chat', 'alice', { message: 'Hi' });
    expect(failed.status).toBe(502);
    // the exported ChatErrorFilter: Nest's usual body, the error class, a generic 5xx message (no provider text)
    expect(failed.body).toEqual({ statusCode: 502, error: 'Bad Gateway', message: expect.any(String), name: 'ServerError', retryable: true });
    expect(JSON.stringify(failed.body)).not.toContain('upstream exploded');
    expect(emulator.requests()).toHaveLength(3);
    const client = new SseClient(`${url}/chat/stream?message=Hi`, { 'x-user': 'alice' });
    await client.done;
    // two retries announced (the stream goes on), then the final failure
    expect(client.events.map((e) => e.type)).toEqual(['conversation', 'error', 'error', 'error']);
    expect(client.events[1]).toMatchObject({ attempt: 1, delayMs: 0, error: { name: 'ServerError', status: 500 } });
    expect(client.events[2]).toMatchObject({ attempt: 2, error: { name: 'ServerError' } });
    expect(client.events[3]).toEqual({ type: 'error', fatal: true, error: failed.body });
    expect(emulator.requests()).toHaveLength(6);
  });

  it('a paused conversation is approved over HTTP by a manager and resumes', async () => {
    emulator.script([{ toolCalls: [{ id: 'r1', name: 'refund_order', arguments: { orderId: 'A-1002', amount: 49 } }] }, { text: 'Refunded 49 euros.' }]);
    const paused = (await ask('bob', 'Refund 49 on A-1002')).body;
    expect(paused).toMatchObject({ status: 'paused', pendingApprovals: [{ id: 'r1', name: 'refund_order', arguments: { orderId: 'A-1002', amount: 49 } }] });
    const id = paused.conversationId;
    const orders = app.get(OrdersService);
    expect(orders.find('A-1002')?.refunded).toBe(0);

    expect((await call<PendingApproval[]>('GET', `/conversations/${id}/approvals`)).body).toEqual([{ id: 'r1', name: 'refund_order', arguments: { orderId: 'A-1002', amount: 49 }, status: 'pending' }]);
    expect((await call('POST', `/conversations/${id}/approvals/r1/approve`, 'bob', {})).status).toBe(403);
    const approved = await call<PendingApproval[]>('POST', `/conversations/${id}/approvals/r1/approve`, 'carol', {});
    expect(approved).toEqual({ status: 200, body: [] });
    expect(orders.find('A-1002')?.refunded).toBe(0);

    const resumed = (await call<ChatReply>('POST', `/conversations/${id}/resume`, 'bob')).body;
    expect(resumed).toMatchObject({ status: 'completed', text: 'Refunded 49 euros.' });
    expect(JSON.parse(resumed.toolResults[0].content)).toEqual({ id: 'A-1002', refunded: 49, status: 'processing', by: 'bob' });
    expect(orders.find('A-1002')?.refunded).toBe(49);
    const call1 = (await transcript(id)).messages.flatMap((m) => m.parts).find((p) => p.type === 'tool-call');
    expect(call1).toMatchObject({ status: 'completed', approval: { decidedBy: 'carol' } });
    expect((await call('POST', `/conversations/${id}/approvals/r1/approve`, 'carol', {})).status).toBe(409);
  });

  it('a rejected call answers the model with the reason; a customer never reaches approval', async () => {
    emulator.script([{ toolCalls: [{ id: 'r2', name: 'refund_order', arguments: { orderId: 'A-1001', amount: 89 } }] }, { text: 'The refund was declined.' }]);
    const paused = (await ask('bob', 'Refund all of A-1001')).body;
    await call('POST', `/conversations/${paused.conversationId}/approvals/r2/reject`, 'carol', { reason: 'Outside the return window' });
    const resumed = (await call<ChatReply>('POST', `/conversations/${paused.conversationId}/resume`, 'bob')).body;
    expect(resumed.toolResults[0]).toMatchObject({ error: 'rejected' });
    expect(toolOutputs(emulator.requests()[1].body).r2).toContain('Outside the return window');
    expect(app.get(OrdersService).find('A-1001')?.refunded).toBe(0);

    emulator.script([{ toolCalls: [{ id: 'r3', name: 'refund_order', arguments: { orderId: 'A-1001', amount: 10 } }] }, { text: 'I cannot do that.' }]);
    const customer = (await ask('alice', 'Refund 10 on A-1001')).body;
    expect(customer).toMatchObject({ status: 'completed', pendingApprovals: [], toolResults: [{ name: 'refund_order', error: 'rejected' }] });
  });
});
