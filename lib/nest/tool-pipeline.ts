import { HttpException, Logger } from '@nestjs/common';
import type { ExternalContextCreator } from '@nestjs/core';
import { CHAT_TOOL_CONTEXT_TYPE } from './constants';

/** A handler made by `ExternalContextCreator`: runs the Nest enhancers, then the callback. */
type NestHandler = (...args: unknown[]) => Promise<unknown>;

const ALLOWED = Symbol('allowed');

/** The outcome of a tool's guards for one caller. */
export type GuardVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly error: unknown };

const logger = new Logger('ChatToolGuards');

/**
 * Why a guard said no, in words the model can be shown: the message of an HTTP exception a guard
 * throws on purpose (`ForbiddenException('Managers only')`); any other error is a bug in a guard,
 * logged, and shown as `Forbidden resource` so that no internals reach the model.
 */
function reasonOf(error: unknown, tool: string): string {
  if (error instanceof HttpException) return error.message;
  logger.error(`A guard of tool "${tool}" threw; the call is refused: ${(error as Error)?.message ?? String(error)}`, (error as Error)?.stack);
  return 'Forbidden resource';
}

/**
 * A function standing for a tool method when only its guards must run: it carries the method's
 * metadata (roles, `@UseGuards()`...), so `ctx.getHandler()` reads the same, but does nothing.
 */
function guardProbe(method: (...args: unknown[]) => unknown, methodName: string): (...args: unknown[]) => unknown {
  const probe = (): symbol => ALLOWED;
  Object.defineProperty(probe, 'name', { value: methodName });
  for (const key of Reflect.getOwnMetadataKeys(method)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, method), probe);
  }
  return probe;
}

/**
 * Runs a tool method through Nest's request pipeline, the way Nest runs non-HTTP handlers
 * (`ExternalContextCreator`, context type `chat-tool`): its guards on their own (so a refusal can
 * become a denial result, and be asked before a call is offered or held), then its interceptors
 * around the method. Validation is not repeated here: the tool validated its arguments with the
 * same class-validator pipeline as outside Nest before the call got this far.
 */
export class ToolPipeline {
  private readonly guards: NestHandler;
  private readonly handler: NestHandler;

  constructor(
    creator: ExternalContextCreator,
    instance: object,
    methodName: string,
    private readonly toolName: string,
    /** The handler, when it is not `instance[methodName]` (a tool that is no method: an MCP server's). */
    handler?: (...args: unknown[]) => unknown,
  ) {
    const method = handler ?? (instance as Record<string, (...args: unknown[]) => unknown>)[methodName];
    const probe = guardProbe(method, methodName);
    const guardsOnly = { guards: true, interceptors: false, filters: false };
    const interceptorsOnly = { guards: false, interceptors: true, filters: false };
    this.guards = creator.create(instance, probe, `${methodName}#chat-tool-guards`, undefined, undefined, undefined, undefined, guardsOnly, CHAT_TOOL_CONTEXT_TYPE);
    this.handler = creator.create(instance, method, methodName, undefined, undefined, undefined, undefined, interceptorsOnly, CHAT_TOOL_CONTEXT_TYPE);
  }

  /** Asks the guards; a guard that returns false or throws refuses (fails closed). */
  async check(args: unknown, toolContext: object): Promise<GuardVerdict> {
    try {
      const result = await this.guards(args, toolContext);
      return result === ALLOWED ? { allowed: true } : { allowed: false, reason: 'Forbidden resource', error: undefined };
    } catch (error) {
      return { allowed: false, reason: reasonOf(error, this.toolName), error };
    }
  }

  /** Runs the interceptors and the method. */
  run(args: unknown, toolContext: object): Promise<unknown> {
    return this.handler(args, toolContext);
  }
}
