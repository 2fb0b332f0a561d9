/**
 * chat-ts for front ends: a chat stream encoded as the Vercel AI SDK's UI message stream protocol
 * (the one `useChat` from `@ai-sdk/react` reads), for plain Node http, web `Response`s and Nest
 * handlers, and the reader of what a UI chat client posts. Loads neither `ai` nor `@nestjs/*`.
 * @packageDocumentation
 */
export type {
  UIDataChunk,
  UIFinishReason,
  UIMessageChunk,
  UIMessageChunkType,
} from './ui-message-chunk.types';
export type {
  UIMessageStreamOptions,
} from './ui-message-stream.options';
export {
  UIMessageStreamEncoder,
} from './ui-message-stream.encoder';
export type {
  UIStreamInput,
} from './ui-message-stream.encoder';
export {
  toUIMessageChunks,
} from './ui-message-stream.operator';
export {
  formatUIMessageSse,
  UI_MESSAGE_STREAM_DONE,
  UI_MESSAGE_STREAM_HEADERS,
} from './ui-message-stream.sse';
export type {
  UIMessageSseEvent,
} from './ui-message-stream.sse';
export {
  pipeUIMessageStreamToResponse,
  toUIMessageStreamReadable,
  toUIMessageSseEvents,
} from './ui-message-stream.response';
export type {
  UIMessageStreamResponseOptions,
} from './ui-message-stream.response';
export {
  applyUIChatRequest,
  readUIChatRequest,
} from './ui-chat-request';
export type {
  UIChatApproval,
  UIChatRequest,
} from './ui-chat-request';
export {
  UIChatRequestError,
} from '../errors/ui-chat-request.error';
