import { Injectable, UseGuards, UseInterceptors, type CallHandler, type CanActivate, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { context, trace } from '@opentelemetry/api';
import { IsString } from 'class-validator';
import type { Observable } from 'rxjs';
import { budgets } from '../../lib/budget';
import { Tool } from '../../lib/decorators';
import { BudgetExceededError } from '../../lib/errors';
import { ChatModule, NestChat, Toolset } from '../../lib/nest';
import { openTelemetry } from '../../lib/otel';
import { ProviderEmulator } from '../../lib/testing';
import { OtelHarness } from '../support/otel-harness';
import { emulatedProvider, startContext } from './nest-test.helpers';

/** Which span was active in each piece of a tool call. */
const seen: Record<string, string | undefined> = {};
const activeSpan = (): string | undefined => trace.getSpan(context.active())?.spanContext().spanId;

@Injectable()
class SpanGuard implements CanActivate {
  canActivate(): boolean {
    seen.guard = activeSpan();
    return true;
  }
}

@Injectable()
class SpanInterceptor implements NestInterceptor {
  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    seen.interceptor = activeSpan();
    return next.handle();
  }
}

class LookupArgs {
  @IsString() id!: string;
}

@Toolset()
@Injectable()
@UseGuards(SpanGuard)
@UseInterceptors(SpanInterceptor)
class LookupTools {
  @Tool({ description: 'Look an order up.' })
  lookup(args: LookupArgs) {
    seen.method = activeSpan();
    return `order ${args.id}`;
  }
}

describe('ChatModule observers: OpenTelemetry around Nest tools, a budget per chat', () => {
  let emulator: ProviderEmulator;
  let otel: OtelHarness;
  let moduleRef: TestingModule;
  let chat: NestChat;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    otel = new OtelHarness();
    const limits = [{ name: 'caller-daily', key: (c: { user?: string } | undefined) => c?.user, window: 'day' as const, limit: 3000 }];
    moduleRef = await startContext({
      imports: [
        ChatModule.forRoot({
          provider: () => emulatedProvider(emulator),
          observers: [openTelemetry({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider }), budgets({ limits })],
        }),
      ],
      providers: [SpanGuard, SpanInterceptor, LookupTools],
    });
    chat = moduleRef.get(NestChat);
  });
  afterAll(async () => {
    await moduleRef?.close();
    await otel?.close();
    await emulator?.close();
  });

  it("a tool's guards, interceptors and method all run inside its execute_tool span", async () => {
    emulator.script([{ toolCalls: [{ id: 'l1', name: 'lookup', arguments: { id: 'A-1' } }] }, { text: 'Found.' }]);
    const reply = await chat.complete('Find A-1', { context: { user: 'u1' } });
    expect(reply.text).toBe('Found.');
    const [span] = otel.named('execute_tool lookup');
    const id = span.spanContext().spanId;
    expect(seen).toEqual({ guard: id, interceptor: id, method: id });
  });

  it('the budget of the module option refuses a request before it is sent', async () => {
    emulator.reset();
    emulator.script([{ text: 'spent', usage: { input: 1000, output: 1900 } }, { text: 'never sent' }]);
    await chat.complete('first', { context: { user: 'u2' } });
    await expect(chat.complete('second', { context: { user: 'u2' } })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(emulator.requests()).toHaveLength(1);
  });
});
