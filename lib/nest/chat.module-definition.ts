import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ChatModuleExtras, ChatModuleOptions } from './chat-module-options.types';

/**
 * The configurable-module definition of `ChatModule`: `forRoot(options)` and
 * `forRootAsync({ useFactory, inject, imports })`, with the extras `isGlobal` (default true: the root
 * module is global, as the roots of TypeORM, Mongoose and `@nestjs/bullmq` are, so every feature module
 * sees the default chat and `ChatRegistry`, as it sees every named chat) and `chatNames`.
 * `CHAT_MODULE_OPTIONS` is the injection token of the resolved `ChatModuleOptions`.
 */
export const {
  ConfigurableModuleClass: ChatConfigurableModule,
  MODULE_OPTIONS_TOKEN: CHAT_MODULE_OPTIONS,
  OPTIONS_TYPE: CHAT_MODULE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CHAT_MODULE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ChatModuleOptions>({ moduleName: 'Chat' })
  .setClassMethodName('forRoot')
  .setExtras<ChatModuleExtras>({ isGlobal: true, chatNames: [] }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
