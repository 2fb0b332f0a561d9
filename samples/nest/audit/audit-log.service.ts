import { Injectable } from '@nestjs/common';

/** One tool call, as the audit interceptor saw it. */
export interface AuditEntry {
  readonly tool: string;
  readonly caller: string;
  readonly callId: string;
  readonly outcome: 'ok' | 'error';
  readonly ms: number;
}

/** Where the audit interceptor writes (a database table in a real app). */
@Injectable()
export class AuditLog {
  private readonly log: AuditEntry[] = [];

  record(entry: AuditEntry): void {
    this.log.push(entry);
  }

  entries(): readonly AuditEntry[] {
    return this.log;
  }
}
