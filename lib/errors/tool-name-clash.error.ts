import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * Two tools offered together have the same name: two `@Tool()` methods (in one class or two), two
 * Python files, a Python and a TypeScript tool, or two hand-made definitions. The one duplicate-name
 * error of chat-ts, raised by `collectTools()`, `ToolsBuilder.collect()`, `ChatBuilder.build()` and
 * Nest bootstrap, never at call time.
 *
 * @example
 * catch (e) { if (e instanceof ToolNameClashError) console.error(e.toolName, e.sources); }
 */
export class ToolNameClashError extends ChatError {
  /** The name defined more than once. */
  readonly toolName: string;
  /** Where each definition comes from (file paths or class names). */
  readonly sources: readonly string[];

  constructor(message: string, options: ChatErrorOptions & { toolName: string; sources: readonly string[] }) {
    super(message, options);
    this.toolName = options.toolName;
    this.sources = options.sources;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), toolName: this.toolName, sources: this.sources };
  }
}
