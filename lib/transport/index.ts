export * from './transport.types';
export * from './node-http.transport';
export * from './axios.transport';
export * from './axios-client.types';
export * from './redirect';
export * from './sse.parser';
export * from './ndjson.parser';
export * from './secret-headers';
