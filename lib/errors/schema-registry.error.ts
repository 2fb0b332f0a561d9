import { ChatError, type ChatErrorOptions } from './chat.error';

/** A schema registry file (`chat-ts.schemas.json`) cannot be read, or was written by an incompatible version. */
export class SchemaRegistryError extends ChatError {
  /** Path of the registry file. */
  readonly path: string;

  constructor(path: string, problem: string, options: ChatErrorOptions = {}) {
    super(`Schema registry ${path}: ${problem}`, options);
    this.path = path;
  }
}
