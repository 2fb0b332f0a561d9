import type { LoggerService, ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { JsonValue } from '../../lib/core/json.types';
import { ResponsesBuilder } from '../../lib/providers/responses';
import type { ProviderEmulator } from '../../lib/testing';

/** A Responses-wire provider pointed at the emulator (optionally at one of its sessions). */
export function emulatedProvider(emulator: ProviderEmulator, session?: string) {
  return new ResponsesBuilder().withBaseUrl(emulator.url('/v1', session)).withModel('emulated-model').build();
}

/** Names of the function tools a recorded Responses request offered the model. */
export function offeredTools(body: JsonValue): string[] {
  const tools = (body as { tools?: Array<{ name?: string }> } | null)?.tools ?? [];
  return tools.map((t) => t.name ?? '?');
}

/** The `function_call_output` items of a recorded Responses request, by call id. */
export function toolOutputs(body: JsonValue): Record<string, string> {
  const input = (body as { input?: Array<{ type?: string; call_id?: string; output?: string }> } | null)?.input ?? [];
  return Object.fromEntries(input.filter((i) => i.type === 'function_call_output').map((i) => [i.call_id, String(i.output)]));
}

/** A logger that keeps what it is told, by level. */
export class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string; context?: string }> = [];
  log(message: unknown, context?: string): void { this.add('log', message, context); }
  error(message: unknown, _trace?: string, context?: string): void { this.add('error', message, context); }
  warn(message: unknown, context?: string): void { this.add('warn', message, context); }
  debug(message: unknown, context?: string): void { this.add('debug', message, context); }
  verbose(message: unknown, context?: string): void { this.add('verbose', message, context); }
  of(level: string): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => `${l.context ?? ''}: ${l.message}`);
  }
  private add(level: string, message: unknown, context?: string): void {
    this.lines.push({ level, message: String(message), context });
  }
}

/** Compiles and initialises a testing module (no HTTP server), logging into `logger`. */
export async function startContext(metadata: ModuleMetadata, logger: LoggerService = new RecordingLogger()): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule(metadata).setLogger(logger).compile();
  await moduleRef.init();
  return moduleRef;
}
