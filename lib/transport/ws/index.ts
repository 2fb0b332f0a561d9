export * from './websocket.transport';
export { SocketPool, type PooledSocket, type SocketPoolOptions } from './socket.pool';
