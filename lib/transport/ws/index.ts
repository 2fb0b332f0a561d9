/** The WebSocket transport (`chat-ts/ws`): JSON-event wires over pooled persistent sockets. Needs the optional peer `ws`. */
export * from './websocket.transport';
export { SocketPool, type PooledSocket, type SocketPoolOptions, type SocketListener, type AcquireOptions } from './socket.pool';
