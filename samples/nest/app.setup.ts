import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { ChatErrorFilter } from '../../lib/nest';

/**
 * What `main.ts` and the e2e tests both apply to the app: DTO validation (which the chat's tool
 * arguments follow too: `toolValidation: 'global-pipe'`) and chat-ts errors as HTTP answers
 * (`ChatErrorFilter`: 429 with Retry-After, 409, 422, 403, 502/503; other errors as Nest answers them).
 */
export function configureApp(app: INestApplication): INestApplication {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  app.useGlobalFilters(new ChatErrorFilter(app.getHttpAdapter()));
  return app;
}
