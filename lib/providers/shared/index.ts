export * from './base-url.validator';
export * from './body.summary';
export * from './error-body.handler';
export * from './json-call';
export * from './event-stream';
