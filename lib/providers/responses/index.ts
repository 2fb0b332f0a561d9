/** The Responses API family: any `POST /responses` server. @packageDocumentation */
export * from './responses.builder';
export * from './responses-builder.base';
export * from './responses.provider';
export * from './responses-config.types';
export * from './responses-wire.types';
export * from './responses-request.mapper';
export * from './responses-input.mapper';
export * from './responses-response.mapper';
export * from './responses-output.mapper';
export * from './responses-stream.mapper';
export * from './responses-stream.state';
export * from './responses-error.reader';
export * from './responses-finish-reason.mapper';
export * from './responses-usage.mapper';
export * from './responses-strict-schema';
export * from './responses-steering.session';
export * from './responses-steered.queue';
