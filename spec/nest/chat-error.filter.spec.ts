import { Controller, Get, type INestApplication, type MessageEvent, NotFoundException, Post, Query, Sse } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { request } from 'node:http';
import type { Observable } from 'rxjs';
import { CHAT_ERROR_BRAND } from '../../lib/core/chat.error';
import {
  AbortedError,
  ApprovalConflictError,
  BudgetExceededError,
  ConversationFormatError,
  ConversationNotFoundError,
  OutputValidationError,
  ToolCallDeniedError,
  UIChatRequestError,
} from '../../lib/errors';
import { ChatErrorFilter, ChatModule, NestChat, toSseEvents } from '../../lib/nest';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, RecordingLogger } from './nest-test.helpers';
import { SseClient } from './sse.client';

/** A RateLimitError as another installed copy of chat-ts would throw it: branded, not our class. */
function foreignRateLimit(): Error {
  class ChatError extends Error {}
  Object.defineProperty(ChatError.prototype, CHAT_ERROR_BRAND, { value: true });
  class RateLimitError extends ChatError {
    readonly isRetryable = true;
    readonly retryAfterSeconds = 7;
  }
  const error = new RateLimitError('slow down (other copy)');
  error.name = 'RateLimitError';
  return error;
}

const THROWN: Record<string, () => Error> = {
  format: () => new ConversationFormatError('the conversation ends with an unanswered tool call'),
  output: () => new OutputValidationError('the reply is not an OrderSummary', '{"total": "ten"}', [], 3),
  denied: () => new ToolCallDeniedError('refundOrder', 'refundOrder is not allowed for this caller'),
  foreign: foreignRateLimit,
  aborted: () => new AbortedError('the caller went away'),
  budget: () => new BudgetExceededError({ budget: 'user-daily', window: 'day', unit: 'tokens', limit: 1000, used: 990, requested: 50, resetsAt: Date.now() + 90_500 }, Date.now()),
  'ui-request': () => new UIChatRequestError('the body has no messages'),
  'approval-conflict': () => new ApprovalConflictError('call_1 was already approved'),
  'no-conversation': () => new ConversationNotFoundError('no conversation conv_9'),
  plain: () => new Error('database password is hunter2'),
  'not-found': () => new NotFoundException('no such order'),
};

@Controller()
class ChatController {
  constructor(private readonly chat: NestChat) {}

  @Post('ask')
  async ask(): Promise<{ text: string }> {
    return { text: (await this.chat.complete('Hi')).text };
  }

  @Get('throw')
  throw(@Query('kind') kind: string): never {
    throw THROWN[kind]();
  }

  @Sse('stream')
  stream(): Observable<MessageEvent> {
    return this.chat.stream('Hi').pipe(toSseEvents());
  }
}

/** A GET that also reports a connection closed without an answer. */
function rawGet(url: string): Promise<{ status: number } | { closed: string }> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ closed: error.code ?? error.message }));
    req.end();
  });
}

describe.each([
  ['useGlobalFilters(new ChatErrorFilter(adapter))', false],
  ['APP_FILTER provider', true],
])('ChatErrorFilter in a real Nest app (%s)', (_label, asProvider) => {
  let emulator: ProviderEmulator;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    const moduleRef = await Test.createTestingModule({
      imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), retry: false })],
      controllers: [ChatController],
      providers: asProvider ? [{ provide: APP_FILTER, useClass: ChatErrorFilter }] : [],
    }).compile();
    app = moduleRef.createNestApplication({ logger: new RecordingLogger() });
    if (!asProvider) app.useGlobalFilters(new ChatErrorFilter(app.getHttpAdapter()));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  const ask = () => fetch(`${url}/ask`, { method: 'POST' });

  it('a provider rate limit is a 429 with Retry-After and a safe body', async () => {
    emulator.script([{ error: { status: 429, message: 'Rate limit reached for requests', retryAfter: 12 } }]);
    const response = await ask();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('12');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', name: 'RateLimitError', retryable: true, retryAfterSeconds: 12 });
    expect(body.message).toEqual(expect.stringContaining('Rate limit reached'));
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts:\d+/);
    expect(emulator.requests()).toHaveLength(1);
  });

  it('provider outages are 502/503/504 with a generic message, not the provider\'s words', async () => {
    emulator.script([{ error: { status: 500, message: 'internal shard 7 at 10.0.0.12 failed' } }]);
    const server = await ask();
    expect(server.status).toBe(502);
    const body = (await server.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 502, error: 'Bad Gateway', name: 'ServerError', message: 'The model provider failed to answer' });
    expect(JSON.stringify(body)).not.toContain('10.0.0.12');

    emulator.script([{ error: { status: 503, message: 'overloaded', retryAfter: 3 } }]);
    const overloaded = await ask();
    expect(overloaded.status).toBe(503);
    expect(overloaded.headers.get('retry-after')).toBe('3');
    await expect(overloaded.json()).resolves.toMatchObject({ name: 'ProviderOverloadedError', retryable: true });

    emulator.script([{ fault: 'reset-before' }]);
    const network = await ask();
    expect(network.status).toBe(502);
    await expect(network.json()).resolves.toMatchObject({ name: 'NetworkError' });
  });

  it.each([
    ['format', 409, 'ConversationFormatError', 'Conflict'],
    ['output', 422, 'OutputValidationError', 'Unprocessable Entity'],
    ['denied', 403, 'ToolCallDeniedError', 'Forbidden'],
    ['ui-request', 400, 'UIChatRequestError', 'Bad Request'],
    ['approval-conflict', 409, 'ApprovalConflictError', 'Conflict'],
    ['no-conversation', 404, 'ConversationNotFoundError', 'Not Found'],
  ])('%s: %i %s', async (kind, status, name, reason) => {
    const response = await fetch(`${url}/throw?kind=${kind}`);
    expect(response.status).toBe(status);
    await expect(response.json()).resolves.toEqual({ statusCode: status, error: reason, message: THROWN[kind]().message, name, retryable: false });
  });

  it('a spent budget is a 429 with Retry-After until its window resets', async () => {
    const response = await fetch(`${url}/throw?kind=budget`);
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(89);
    expect(retryAfter).toBeLessThanOrEqual(91);
    await expect(response.json()).resolves.toMatchObject({ statusCode: 429, name: 'BudgetExceededError', retryable: false, retryAfterSeconds: retryAfter });
  });

  it('recognises errors by brand: a RateLimitError of another copy of chat-ts is a 429 too', async () => {
    const response = await fetch(`${url}/throw?kind=foreign`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    await expect(response.json()).resolves.toMatchObject({ name: 'RateLimitError', message: 'slow down (other copy)', retryAfterSeconds: 7 });
  });

  it('an aborted call writes nothing: the connection is closed without an answer', async () => {
    await expect(rawGet(`${url}/throw?kind=aborted`)).resolves.toEqual({ closed: expect.stringMatching(/ECONNRESET|socket hang up/) });
  });

  it('other exceptions get Nest\'s default handling', async () => {
    const plain = await fetch(`${url}/throw?kind=plain`);
    expect(plain.status).toBe(500);
    await expect(plain.json()).resolves.toEqual({ statusCode: 500, message: 'Internal server error' });
    const notFound = await fetch(`${url}/throw?kind=not-found`);
    expect(notFound.status).toBe(404);
    await expect(notFound.json()).resolves.toMatchObject({ statusCode: 404, message: 'no such order' });
  });

  it('SSE: an error after the first events ends the stream with a terminal error event, not a broken connection', async () => {
    emulator.script([{ text: 'Hello there, this answer is cut short', fault: 'reset-mid', afterChunks: 8 }]);
    const client = new SseClient(`${url}/stream`);
    await client.done;
    expect(client.status).toBe(200);
    expect(client.events.some((e) => e.type === 'text-delta')).toBe(true);
    const last = client.events[client.events.length - 1];
    expect(last).toEqual({ type: 'error', fatal: true, error: { statusCode: 502, error: 'Bad Gateway', message: 'The model provider failed to answer', name: 'NetworkError', retryable: true } });
  });

  it('SSE: an error before any event is the one terminal event, with the 429 status and retry delay', async () => {
    emulator.script([{ error: { status: 429, message: 'Rate limit reached', retryAfter: 5 } }]);
    const client = new SseClient(`${url}/stream`);
    await client.done;
    expect(client.status).toBe(200);
    expect(client.events).toEqual([
      { type: 'error', fatal: true, error: { statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('Rate limit reached'), name: 'RateLimitError', retryable: true, retryAfterSeconds: 5 } },
    ]);
  });
});
