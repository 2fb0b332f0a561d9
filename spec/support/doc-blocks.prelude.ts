/**
 * What the documentation's code blocks may use without declaring it: the usual variables of an
 * example (`provider`, `chat`, `messages`, ...) and the reader's own app as the examples name it
 * (`WeatherService`, `OrdersService`, the sample's `RolesGuard`, ...). Anything of chat-ts itself a
 * block uses must be imported in the block. Compiled as a global script beside the blocks.
 */
export const DOC_BLOCKS_PRELUDE = `
declare const provider: import('chat-ts').ChatProvider;
declare const claude: import('chat-ts').ChatProvider;
declare const gemini: import('chat-ts').ChatProvider;
declare const openai: import('chat-ts').ChatProvider;
declare const chat: import('chat-ts').Chat;
declare const messages: import('chat-ts').Messages;
declare const tools: import('chat-ts').ToolDefinition[];
declare const router: import('chat-ts/router').RouterProvider;
declare const emulator: import('chat-ts/testing').ProviderEmulator;
declare const app: import('@nestjs/common').INestApplication;
declare const signal: AbortSignal;
declare const userId: string;
declare const runId: string;
declare const log: { warn(message: string): void };
declare const metrics: { observe(sample: Record<string, unknown>): void };
declare function render(event: unknown): void;
declare function sleep(ms: number): Promise<void>;

declare class WeatherService {
  forecast(city: string, days: number, options: { signal: AbortSignal }): Promise<{ city: string; days: { celsius: number }[] }>;
}
declare const weatherService: WeatherService;
declare class WeatherTools { constructor(weather: WeatherService) }
declare class DeleteAlertArgs { alertId: string }
declare class ParcelTools {}
declare class Review { stars: number; summary: string }
declare class LineItem { sku: string; quantity: number }
declare enum Status { Open = 'open', Closed = 'closed' }

interface Caller { readonly id: string; readonly roles: readonly string[] }
declare class OrdersService {
  find(id: string): { id: string; item: string; total: number } | undefined;
  refund(id: string, amount: number, by: string): { id: string; refunded: number };
}
declare class AuditInterceptor implements import('@nestjs/common').NestInterceptor {
  intercept(context: import('@nestjs/common').ExecutionContext, next: import('@nestjs/common').CallHandler): import('rxjs').Observable<unknown>;
}
declare class RolesGuard implements import('@nestjs/common').CanActivate {
  canActivate(context: import('@nestjs/common').ExecutionContext): boolean;
}
declare function Roles(...roles: string[]): MethodDecorator & ClassDecorator;
declare const ROLES_KEY: string;
declare function callerFrom(request: unknown): Caller;
declare function CurrentCaller(): ParameterDecorator;
declare class AskDto { message: string; conversationId: string }
declare class ConversationStore {
  load(id: string): Promise<import('chat-ts').Messages | undefined>;
  save(id: string, messages: import('chat-ts').Messages): Promise<void>;
}
declare class OrderTools {}
declare const socketTransport: { dispose(): Promise<void> };

/** @nestjs/config as its types declare it (not a dependency of this repo). */
declare module '@nestjs/config' {
  export class ConfigModule {
    static forRoot(options?: { isGlobal?: boolean; envFilePath?: string | string[] }): import('@nestjs/common').DynamicModule;
  }
  export class ConfigService {
    get<T = string>(key: string): T | undefined;
    getOrThrow<T = string>(key: string): T;
  }
}
`;
