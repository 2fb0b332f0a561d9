import type { ExternalContextCreator } from '@nestjs/core';
import { CHAT_TOOL_CONTEXT_TYPE } from './constants';

/** A handler made by `ExternalContextCreator`: runs the Nest enhancers, then the callback. */
type NestHandler = (...args: unknown[]) => Promise<unknown>;

const ALLOWED = Symbol('allowed');

/** The outcome of a tool's guards for one caller. */
export type GuardVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly error: unknown };

/** Why a guard said no, in words the model can be shown. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
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

  constructor(creator: ExternalContextCreator, instance: object, methodName: string) {
    const method = (instance as Record<string, (...args: unknown[]) => unknown>)[methodName];
    const probe = guardProbe(method, methodName);
    const guardsOnly = { guards: true, interceptors: false, filters: false };
    const interceptorsOnly = { guards: false, interceptors: true, filters: false };
    this.guards = creator.create(instance, probe, `${methodName}#chat-tool-guards`, undefined, undefined, undefined, undefined, guardsOnly, CHAT_TOOL_CONTEXT_TYPE);
    this.handler = creator.create(instance, method, methodName, undefined, undefined, undefined, undefined, interceptorsOnly, CHAT_TOOL_CONTEXT_TYPE);
  }

  /** Asks the guards; a guard that returns false or throws refuses (fail closed). */
  async check(args: unknown, toolContext: object): Promise<GuardVerdict> {
    try {
      const result = await this.guards(args, toolContext);
      return result === ALLOWED ? { allowed: true } : { allowed: false, reason: 'Forbidden resource', error: undefined };
    } catch (error) {
      return { allowed: false, reason: reasonOf(error), error };
    }
  }

  /** Runs the interceptors and the method. */
  run(args: unknown, toolContext: object): Promise<unknown> {
    return this.handler(args, toolContext);
  }
}
