import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ChatError, ConcurrentRunError, ConversationFormatError, MaxStepsExceededError } from '../../../lib/errors';

/** What the filter uses of an Express response. */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** chat-ts errors as HTTP answers: the error's safe JSON (no key, no request), a fitting status. */
@Catch(ChatError)
export class ChatErrorFilter implements ExceptionFilter {
  catch(error: ChatError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    const status =
      error instanceof ConcurrentRunError || error instanceof ConversationFormatError
        ? HttpStatus.CONFLICT
        : error instanceof MaxStepsExceededError
          ? HttpStatus.UNPROCESSABLE_ENTITY
          : HttpStatus.BAD_GATEWAY;
    response.status(status).json({ statusCode: status, error: error.toJSON() });
  }
}
