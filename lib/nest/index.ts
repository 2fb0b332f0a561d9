/**
 * chat-ts for NestJS: `ChatModule`, `@Toolset()`, `@InjectChat()`, `NestChat` and
 * `ChatToolContext` for guards and interceptors. The only part of chat-ts importing `@nestjs/*`;
 * the terminus health indicator is in `chat-ts/nest/health`.
 * @packageDocumentation
 */
export * from './constants';
export * from './toolset.decorator';
export * from './inject-chat.decorator';
export * from './chat-module-options.types';
export * from './chat.module-definition';
export * from './chat.module';
export * from './chat.registry';
export * from './nest-chat';
export * from './chat-tool.context';
export * from './chat-health';
export * from './nest-tool.definition';
export type { GuardVerdict } from './tool-pipeline';
export * from './tool.explorer';
export * from './chat-error.http';
export * from './chat-error.filter';
export * from './chat-sse.operators';
