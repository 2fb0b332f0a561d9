import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chat } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { isChatError } from '../../lib/errors';
import { applyUIChatRequest, pipeUIMessageStreamToResponse, readUIChatRequest, type UIMessageStreamOptions } from '../../lib/ui';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A plain `node:http` server answering `POST /api/chat` with a UI message stream; conversations kept by chat id. */
export interface UIChatServer {
  readonly url: string;
  readonly conversations: Map<string, Messages>;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (a free port) over `chat`. */
export async function startUIChatServer(chat: Chat, options: UIMessageStreamOptions = {}): Promise<UIChatServer> {
  const conversations = new Map<string, Messages>();
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/api/chat') {
        response.writeHead(404).end();
        return;
      }
      let messages: Messages;
      try {
        const uiRequest = readUIChatRequest(JSON.parse(await readBody(request)) as unknown);
        messages = conversations.get(uiRequest.chatId) ?? new Messages();
        conversations.set(uiRequest.chatId, applyUIChatRequest(messages, uiRequest));
      } catch (error) {
        const message = isChatError(error) ? error.message : 'Bad request';
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
        return;
      }
      await pipeUIMessageStreamToResponse(chat.stream(messages), response, options);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    conversations,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
