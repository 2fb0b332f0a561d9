import { Controller, Get } from '@nestjs/common';
import { AuditLog, type AuditEntry } from './audit-log.service';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  /** The tool calls so far. */
  @Get()
  list(): readonly AuditEntry[] {
    return this.audit.entries();
  }
}
