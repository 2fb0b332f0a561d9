/** The WebSocket transport (`chat-ts/ws`): JSON-event wires over pooled persistent sockets. Needs the optional peer `ws`. */
export {
  WebSocketTransport,
} from './websocket.transport';
export type {
  WebSocketTransportOptions,
} from './websocket.transport';
export { SocketPool } from './socket.pool';
export type { AcquireOptions, PooledSocket, SocketListener, SocketPoolOptions } from './socket-pool.types';
