import { SetMetadata } from '@nestjs/common';
import { DEFAULT_CHAT_NAME, TOOLSET_METADATA } from './constants';

/** Options of `@Toolset()`. */
export interface ToolsetOptions {
  /** Names of the chats that offer these tools (default: the default chat). */
  readonly chats?: readonly string[];
  /**
   * Close the tools' argument schemas: every object schema gets `additionalProperties: false`
   * (what strict providers require), and a call with an argument the schema does not list is
   * refused with an error result the model can correct. Default false.
   */
  readonly closedSchemas?: boolean;
}

/** What `@Toolset()` records on a class. */
export interface ToolsetMetadata {
  readonly chats: readonly string[];
  readonly closedSchemas: boolean;
}

/**
 * Marks an injectable class whose `@Tool()` methods the chats of `ChatModule` offer to the model.
 * At bootstrap the module finds every such provider, binds its tools to the DI instance (so they
 * can use injected services) and runs each call through the Nest guards and interceptors declared
 * on the method or the class. Request-scoped providers are skipped with a warning.
 *
 * @example
 * @Toolset()                       // or @Toolset({ chats: ['support'], closedSchemas: true })
 * @Injectable()
 * export class OrderTools {
 *   constructor(private readonly orders: OrdersService) {}
 *
 *   @Tool({ description: 'Find an order by its id.' })
 *   findOrder(args: OrderIdArgs) {
 *     return this.orders.find(args.orderId);
 *   }
 * }
 * @publicApi
 */
export function Toolset(options: ToolsetOptions = {}): ClassDecorator {
  const chats = options.chats ?? [DEFAULT_CHAT_NAME];
  if (!Array.isArray(chats) || chats.length === 0 || chats.some((c) => typeof c !== 'string' || c.length === 0)) {
    throw new TypeError(`@Toolset({ chats }) takes a non-empty array of chat names, got ${JSON.stringify(options.chats)}`);
  }
  if (options.closedSchemas !== undefined && typeof options.closedSchemas !== 'boolean') throw new TypeError(`@Toolset({ closedSchemas }) takes a boolean, got ${JSON.stringify(options.closedSchemas)}`);
  const metadata: ToolsetMetadata = { chats: [...new Set(chats)], closedSchemas: options.closedSchemas === true };
  return SetMetadata(TOOLSET_METADATA, metadata);
}
