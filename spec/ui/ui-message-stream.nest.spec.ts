import type { ServerResponse } from 'node:http';
import { Body, Controller, Header, type INestApplication, Post, Query, Res, Sse } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk } from 'ai';
import { type Observable, tap } from 'rxjs';
import { Messages } from '../../lib/core';
import { ChatModule, InjectChat, type NestChat } from '../../lib/nest';
import type { ProviderEmulator } from '../../lib/testing';
import { applyUIChatRequest, pipeUIMessageStreamToResponse, readUIChatRequest, toUIMessageSseEvents, type UIMessageSseEvent } from '../../lib/ui';
import { until } from '../support/emulated-providers';
import { useEmulator } from '../support/emulator-suite';
import { emulatedProvider, RecordingLogger } from '../nest/nest-test.helpers';

const ended: string[] = [];

@Controller()
class UIStreamController {
  constructor(@InjectChat() private readonly chat: NestChat) {}

  @Post('chat')
  async post(@Body() body: unknown, @Res() response: ServerResponse): Promise<void> {
    const messages = applyUIChatRequest(new Messages(), readUIChatRequest(body));
    await pipeUIMessageStreamToResponse(this.chat.stream(messages).pipe(tap({ complete: () => ended.push('completed'), unsubscribe: () => ended.push('unsubscribed') })), response);
  }

  @Sse('sse')
  @Header('x-vercel-ai-ui-message-stream', 'v1')
  sse(@Query('q') q: string): Observable<UIMessageSseEvent> {
    return this.chat.stream(q).pipe(toUIMessageSseEvents());
  }
}

async function readChunks(body: ReadableStream<Uint8Array>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = parseJsonEventStream({ stream: body, schema: uiMessageChunkSchema }).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    if (!next.value.success) throw next.value.error;
    chunks.push(next.value.value);
  }
  return chunks;
}

async function messageOf(chunks: UIMessageChunk[]): Promise<UIMessage | undefined> {
  let last: UIMessage | undefined;
  const stream = new ReadableStream<UIMessageChunk>({ start: (c) => (chunks.forEach((chunk) => c.enqueue(chunk)), c.close()) });
  for await (const snapshot of readUIMessageStream({ stream })) last = snapshot;
  return last;
}

const textOf = (message: UIMessage | undefined): string => (message?.parts ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');

/** The encoder in Nest handlers: `@Post()` writing to `@Res()`, and `@Sse()` returning events. */
describe('UI message stream from Nest handlers', () => {
  let emulator: ProviderEmulator;
  let app: INestApplication;
  let url: string;
  useEmulator((e) => (emulator = e), {}, () => (ended.length = 0));

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), retry: false })], controllers: [UIStreamController] })
      .setLogger(new RecordingLogger())
      .compile();
    app = moduleRef.createNestApplication();
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app?.close());

  const post = (text: string, signal?: AbortSignal) =>
    fetch(`${url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'n1', trigger: 'submit-message', messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text }] }] }),
      signal,
    });

  it('@Post() + @Res(): the header, the chunks and the answer', async () => {
    emulator.script([{ text: 'Posted answer here.' }]);
    const response = await post('Hi');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const chunks = await readChunks(response.body as ReadableStream<Uint8Array>);
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    expect(textOf(await messageOf(chunks))).toBe('Posted answer here.');
  });

  it('@Sse(): the same chunks as Nest message events, ending with [DONE]', async () => {
    emulator.script([{ text: 'Streamed over GET.' }]);
    const response = await fetch(`${url}/sse?q=Hi`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const [raw, parsed] = (response.body as ReadableStream<Uint8Array>).tee();
    const chunks = await readChunks(parsed);
    expect(await new Response(raw).text()).toMatch(/data: \[DONE\]\n\n$/);
    expect(textOf(await messageOf(chunks))).toBe('Streamed over GET.');
  });

  it('the client going away unsubscribes the chat stream (the model request is aborted)', async () => {
    emulator.script([{ text: 'one two three four five six seven eight nine ten eleven twelve', chunkDelayMs: 200 }]);
    const controller = new AbortController();
    const response = await post('Long story', controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes('text-delta')) seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    await until(() => ended.length > 0, 5000, 'the chat stream to end');
    expect(ended).toEqual(['unsubscribed']);
    expect(seen).not.toContain('"finish"');
  });
});
