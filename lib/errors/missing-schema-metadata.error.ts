import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * A class has no generated schema while `strictSchemas` is on (`ChatModule.forRoot({ strictSchemas: true })`,
 * `configureSchemas({ strictSchemas: true })` or `CHAT_TS_STRICT_SCHEMAS=1`): `chat-ts schema` did not
 * see it, or the generated `chat-ts.metadata` module was never imported. The message says how to fix it.
 */
export class MissingSchemaMetadataError extends ChatError {
  /** The class without a generated schema. */
  readonly className: string;

  constructor(className: string, message: string, options: ChatErrorOptions = {}) {
    super(message, options);
    this.className = className;
  }
}
