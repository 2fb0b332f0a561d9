import { Catch, Logger, Optional, type ArgumentsHost, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { chatErrorResponse } from './chat-error.http';

/** What the filter uses of a Node response when it writes nothing (an aborted call). */
interface ClosableResponse {
  readonly writableEnded?: boolean;
  readonly destroyed?: boolean;
  readonly raw?: ClosableResponse;
  destroy?(): void;
}

/**
 * Opt-in exception filter answering chat-ts errors with a fitting HTTP status instead of a bare 500
 * (see `chatErrorStatus`): `RateLimitError` 429 with `Retry-After`, `ConversationFormatError` 409,
 * `OutputValidationError` 422, `ToolCallDeniedError` 403, provider outages 502/503/504; an
 * `AbortedError` (the caller went away) writes nothing. The body is Nest's usual
 * `{ statusCode, message, error }` plus `name`, `retryable` and `retryAfterSeconds`, never a stack,
 * a cause or a provider's raw answer; 5xx messages are generic and the error is logged instead.
 * Errors are recognised by brand (`isChatError`), so those of another installed copy of chat-ts
 * count too; any other exception gets Nest's default handling.
 *
 * It answers through the HTTP adapter (Express or Fastify). An `@Sse()` response has started by
 * the time its stream fails, so no filter can answer there: pipe the stream through
 * `toSseEvents()` or `catchChatErrorAsSse()`, which end it with an error event of the same body.
 *
 * @example
 * // main.ts
 * const app = await NestFactory.create(AppModule);
 * app.useGlobalFilters(new ChatErrorFilter(app.getHttpAdapter()));
 * // or, in a module: providers: [{ provide: APP_FILTER, useClass: ChatErrorFilter }]
 * @publicApi
 */
@Catch()
export class ChatErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('ChatErrorFilter');

  constructor(@Optional() httpAdapter?: HttpServer) {
    super(httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const answer = host.getType() === 'http' ? chatErrorResponse(exception) : undefined;
    if (answer === undefined) return super.catch(exception, host);
    const response = host.switchToHttp().getResponse<unknown>();
    if (answer === null) return this.leave(response as ClosableResponse);
    const adapter = this.adapter();
    if (adapter.isHeadersSent(response)) return;
    if (answer.status >= 500) this.logger.error(`${answer.body.name} answered ${answer.status}: ${(exception as Error).message}`);
    for (const [name, value] of Object.entries(answer.headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, answer.body, answer.status);
  }

  /**
   * An aborted call: the caller is gone, so nothing is written. A connection still open (the app
   * aborted the call itself) is closed rather than answered with a made-up status or left hanging.
   */
  private leave(response: ClosableResponse): void {
    const raw = response.raw ?? response;
    if (raw.writableEnded || raw.destroyed) return;
    raw.destroy?.();
  }

  private adapter(): HttpServer {
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    if (!adapter) throw new Error('ChatErrorFilter needs the HTTP adapter: `new ChatErrorFilter(app.getHttpAdapter())`, or register it as APP_FILTER');
    return adapter;
  }
}
