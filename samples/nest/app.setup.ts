import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { ChatErrorFilter } from './chat/chat-error.filter';

/** What `main.ts` and the e2e tests both apply to the app: DTO validation and chat error answers. */
export function configureApp(app: INestApplication): INestApplication {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  app.useGlobalFilters(new ChatErrorFilter());
  return app;
}
