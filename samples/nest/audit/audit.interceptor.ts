import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { ChatToolContext } from '../../../lib/nest';
import type { ChatCallContext } from '../auth/caller';
import { AuditLog } from './audit-log.service';

/** Wraps every tool call of a toolset: who called which tool, how it ended, how long it took. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditLog) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const call = ChatToolContext.fromExecutionContext<ChatCallContext | undefined>(ctx);
    if (!call) return next.handle();
    const started = Date.now();
    const record = (outcome: 'ok' | 'error') =>
      this.audit.record({ tool: call.tool.name, caller: call.context?.caller.id ?? 'anonymous', callId: call.callId, outcome, ms: Date.now() - started });
    return next.handle().pipe(tap({ next: () => record('ok'), error: () => record('error') }));
  }
}
