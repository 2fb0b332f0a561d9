export * from './base-url.validator';
export * from './body.summary';
export * from './error-body.handler';
export * from './json-call';
export * from './request-deadline';
export * from './event-stream';
export * from './http-provider-builder.base';
