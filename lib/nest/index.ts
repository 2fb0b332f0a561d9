/**
 * chat-ts for NestJS: `ChatModule`, `@Toolset()`, `@InjectChat()`, `NestChat` and
 * `ChatToolContext` for guards and interceptors. The only part of chat-ts importing `@nestjs/*`;
 * the terminus health indicator is in `chat-ts/nest/health`.
 * @packageDocumentation
 */
export {
  CHAT_BUDGET_METADATA,
  CHAT_TOOL_CONTEXT_TYPE,
  DEFAULT_CHAT_NAME,
  getChatToken,
} from './constants';
export {
  Toolset,
} from './toolset.decorator';
export type {
  ToolsetMetadata,
  ToolsetOptions,
} from './toolset.decorator';
export {
  InjectChat,
} from './inject-chat.decorator';
export {
  ChatBudget,
} from './chat-budget.decorator';
export {
  ChatBudgetInterceptor,
} from './chat-budget.interceptor';
export type {
  ChatDefinition,
  ChatModuleExtras,
  ChatModuleOptions,
  ChatProviderBuilder,
  ChatProviderSource,
  ChatResource,
  PythonToolsSource,
} from './chat-module-options.types';
export {
  CHAT_MODULE_ASYNC_OPTIONS_TYPE,
  CHAT_MODULE_OPTIONS,
  CHAT_MODULE_OPTIONS_TYPE,
  ChatConfigurableModule,
} from './chat.module-definition';
export {
  ChatModule,
} from './chat.module';
export {
  CHAT_PROVIDER_OVERRIDE,
} from './chat-provider.override';
export type {
  ChatProviderOverride,
} from './chat-provider.override';
export {
  ToolValidationSource,
} from './tool-validation';
export type {
  ToolValidationOptions,
  ToolValidationSetting,
} from './tool-validation';
export type {
  ToolArgumentRules,
} from './nest-tool.definition';
export {
  ChatFeatureModule,
} from './chat-feature.module';
export type {
  ChatFeatureAsyncOptions,
  ChatFeatureDefinition,
} from './chat-feature.types';
export {
  ChatRegistry,
} from './chat.registry';
export {
  ChatDirectory,
} from './chat-directory';
export {
  NestChat,
} from './nest-chat';
export type {
  NestCallOptions,
  NestOutputOption,
  NestStreamOptions,
} from './nest-chat';
export type {
  ChatDerivation,
} from './chat-assembly';
export {
  ChatToolContext,
} from './chat-tool.context';
export type {
  ChatToolInfo,
  ChatToolPhase,
} from './chat-tool.context';
export {
  ChatHealthTracker,
} from './chat-health';
export type {
  ChatHealthSnapshot,
} from './chat-health';
export {
  NestToolDefinition,
} from './nest-tool.definition';
export type { GuardVerdict } from './tool-pipeline';
export {
  ChatToolExplorer,
} from './tool.explorer';
export type {
  DiscoveredToolset,
} from './tool.explorer';
export type {
  ToolsetBudget,
} from './toolset-budget.observer';
export {
  chatErrorResponse,
  chatErrorStatus,
  unknownErrorBody,
} from './chat-error.http';
export type {
  ChatErrorBody,
  ChatErrorResponse,
} from './chat-error.http';
export {
  ChatErrorFilter,
} from './chat-error.filter';
export {
  catchChatErrorAsSse,
  toSseEvents,
} from './chat-sse.operators';
export type {
  ChatSseErrorData,
} from './chat-sse.operators';
