import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ChatToolContext } from '../../../lib/nest';
import { callerFrom, type ChatCallContext } from './caller';
import { ROLES_KEY } from './roles.decorator';

/**
 * One guard for HTTP routes and for tool calls: on a tool call (`ctx.getType() === 'chat-tool'`)
 * the caller comes from the chat call's `context`, on a route from the request.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]) ?? [];
    if (roles.length === 0) return true;
    const tool = ChatToolContext.fromExecutionContext<ChatCallContext | undefined>(ctx);
    const caller = tool ? tool.context?.caller : callerFrom(ctx.switchToHttp().getRequest());
    return roles.some((role) => caller?.roles.includes(role) ?? false);
  }
}
