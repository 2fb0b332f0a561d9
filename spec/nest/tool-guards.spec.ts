import { ForbiddenException, Injectable, SetMetadata, UseGuards, UseInterceptors, type CallHandler, type CanActivate, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import type { TestingModule } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { map, type Observable } from 'rxjs';
import { Messages } from '../../lib/core/messages';
import { Tool } from '../../lib/decorators';
import { ChatModule, ChatToolContext, NestChat, Toolset } from '../../lib/nest';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, offeredTools, RecordingLogger, startContext, toolOutputs } from './nest-test.helpers';

const ROLES = 'spec:roles';
const Roles = (...roles: string[]) => SetMetadata(ROLES, roles);

interface Caller {
  readonly id: string;
  readonly roles: readonly string[];
}
const alice: Caller = { id: 'alice', roles: ['customer'] };
const bob: Caller = { id: 'bob', roles: ['support'] };

@Injectable()
class CallLog {
  readonly guard: Array<{ type: string; tool?: string; phase?: string; args?: unknown; caller?: string }> = [];
  readonly interceptor: string[] = [];
}

@Injectable()
class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly log: CallLog,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES, [ctx.getHandler(), ctx.getClass()]) ?? [];
    const tool = ChatToolContext.fromExecutionContext<{ caller: Caller }>(ctx);
    this.log.guard.push({ type: ctx.getType(), tool: tool?.tool.name, phase: tool?.phase, args: tool?.args, caller: tool?.context.caller.id });
    return roles.length === 0 || roles.some((r) => tool?.context.caller.roles.includes(r));
  }
}

@Injectable()
class WrapInterceptor implements NestInterceptor {
  constructor(private readonly log: CallLog) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const tool = ChatToolContext.fromExecutionContext<{ caller: Caller }>(ctx);
    this.log.interceptor.push(`${ctx.getType()} ${tool?.tool.name} for ${tool?.context.caller.id}`);
    return next.handle().pipe(map((result) => ({ wrapped: result })));
  }
}

@Injectable()
class NotesService {
  notesFor(orderId: string): string {
    return `internal notes of ${orderId}`;
  }
}

class OrderArgs {
  @IsString() orderId!: string;
}

@Toolset()
@Injectable()
@UseInterceptors(WrapInterceptor)
class OrderTools {
  constructor(private readonly notesService: NotesService) {}

  @Tool({ description: 'Public status of an order.' })
  status(args: OrderArgs) {
    return `order ${args.orderId} shipped`;
  }

  @Tool({ description: 'Internal notes on an order.' })
  @UseGuards(RolesGuard)
  @Roles('support')
  notes(args: OrderArgs) {
    return this.notesService.notesFor(args.orderId);
  }

  @Tool({ description: 'Refund an order.', requiresApproval: true })
  @UseGuards(RolesGuard)
  @Roles('support')
  refund(args: OrderArgs) {
    return `refunded ${args.orderId}`;
  }
}

describe('tool calls through Nest guards and interceptors', () => {
  let emulator: ProviderEmulator;
  let moduleRef: TestingModule;
  let chat: NestChat;
  let log: CallLog;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    moduleRef = await startContext({
      imports: [ChatModule.forRoot({ provider: () => emulatedProvider(emulator) })],
      providers: [CallLog, NotesService, OrderTools],
    });
    chat = moduleRef.get(NestChat);
    log = moduleRef.get(CallLog);
  });
  afterAll(async () => {
    await moduleRef?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.reset();
    log.guard.length = 0;
    log.interceptor.length = 0;
  });

  const callNotes = (id = 'c1') => emulator.script([{ toolCalls: [{ id, name: 'notes', arguments: { orderId: 'A-1' } }] }, { text: 'Done.' }]);

  it('a guard refuses a call for one caller: the model sees a denied result and the method never runs', async () => {
    callNotes();
    const reply = await chat.complete('Notes on A-1?', { context: { caller: alice } });
    expect(reply.toolResults[0]).toMatchObject({ isError: true, error: { kind: 'denied' } });
    expect(toolOutputs(emulator.requests()[1].body).c1).toBe('The tool "notes" is not allowed for this caller: Forbidden resource');
    expect(log.interceptor).toEqual([]);
    expect(log.guard).toEqual([{ type: 'chat-tool', tool: 'notes', phase: 'call', args: expect.any(OrderArgs), caller: 'alice' }]);
  });

  it('the same guard lets another caller through; the interceptor wraps the call and its injected service answers', async () => {
    callNotes();
    const reply = await chat.complete('Notes on A-1?', { context: { caller: bob } });
    expect(reply.toolResults[0]).toMatchObject({ content: JSON.stringify({ wrapped: 'internal notes of A-1' }) });
    expect(reply.toolResults[0].isError).toBeUndefined();
    expect(toolOutputs(emulator.requests()[1].body).c1).toBe('{"wrapped":"internal notes of A-1"}');
    expect(log.interceptor).toEqual(['chat-tool notes for bob']);
    expect((log.guard[0].args as OrderArgs).orderId).toBe('A-1');
  });

  it('tools without guards run for anyone, inside the class interceptor', async () => {
    emulator.script([{ toolCalls: [{ id: 's1', name: 'status', arguments: { orderId: 'B-2' } }] }, { text: 'Shipped.' }]);
    const reply = await chat.complete('Status?', { context: { caller: alice } });
    expect(reply.toolResults[0].content).toBe('{"wrapped":"order B-2 shipped"}');
    expect(log.guard).toEqual([]);
  });

  it('hideDeniedTools offers each caller only the tools its guards accept', async () => {
    emulator.script([{ text: 'Hello Alice.' }, { text: 'Hello Bob.' }]);
    await chat.complete('Hi', { context: { caller: alice }, hideDeniedTools: true });
    await chat.complete('Hi', { context: { caller: bob }, hideDeniedTools: true });
    const [forAlice, forBob] = emulator.requests().map((r) => offeredTools(r.body));
    expect(forAlice).toEqual(['status']);
    expect(forBob).toEqual(['status', 'notes', 'refund']);
    expect(log.guard.every((g) => g.phase === 'offer' && g.args === undefined)).toBe(true);
    expect(log.guard.map((g) => `${g.tool}:${g.caller}`)).toEqual(expect.arrayContaining(['notes:alice', 'refund:alice', 'notes:bob', 'refund:bob']));
  });

  it('without hiding, every tool is offered', async () => {
    emulator.script([{ text: 'Hello.' }]);
    await chat.complete('Hi', { context: { caller: alice } });
    expect(offeredTools(emulator.requests()[0].body)).toEqual(['status', 'notes', 'refund']);
    expect(log.guard).toEqual([]);
  });

  it('a gated call of a refused caller is rejected at once instead of waiting for a person', async () => {
    emulator.script([{ toolCalls: [{ id: 'r1', name: 'refund', arguments: { orderId: 'A-1' } }] }, { text: 'I cannot refund.' }]);
    const reply = await chat.complete('Refund A-1', { context: { caller: alice } });
    expect(reply.status).toBe('completed');
    expect(reply.toolResults[0]).toMatchObject({ isError: true, error: { kind: 'rejected' } });
    expect(reply.toolResults[0].content).toContain('not allowed for this caller');
    expect(log.guard.map((g) => g.phase)).toEqual(['approval']);
  });

  it('an approved call meets the guards again for whoever resumes it', async () => {
    emulator.script([{ toolCalls: [{ id: 'r2', name: 'refund', arguments: { orderId: 'C-3' } }] }, { text: 'Refunded.' }, { text: 'Not refunded.' }]);
    const messages = Messages.fromUser('Refund C-3');
    const paused = await chat.complete(messages, { context: { caller: bob } });
    expect(paused.status).toBe('paused');
    expect(paused.pendingToolCalls.map((c) => c.name)).toEqual(['refund']);
    messages.approve('r2', { decidedBy: 'manager' });
    const saved = JSON.stringify(messages);

    const resumedByAlice = await chat.complete(Messages.fromJSON(saved), { context: { caller: alice } });
    expect(resumedByAlice.toolResults[0]).toMatchObject({ error: { kind: 'denied' } });

    const resumedByBob = await chat.complete(Messages.fromJSON(saved), { context: { caller: bob } });
    expect(resumedByBob.toolResults[0].content).toBe('{"wrapped":"refunded C-3"}');
    expect(log.guard.map((g) => `${g.phase}:${g.caller}`)).toEqual(['approval:bob', 'call:alice', 'call:bob']);
  });
});

@Injectable()
class GlobalTypes {
  readonly seen: string[] = [];
}

/** An app-wide guard, written the Nest way: it lets through what it does not know about. */
@Injectable()
class GlobalBlocklistGuard implements CanActivate {
  constructor(private readonly types: GlobalTypes) {}

  canActivate(ctx: ExecutionContext): boolean {
    this.types.seen.push(ctx.getType());
    const tool = ChatToolContext.fromExecutionContext<{ caller: Caller }>(ctx);
    return tool?.context.caller.id !== 'mallory';
  }
}

@Injectable()
class ManagersOnlyGuard implements CanActivate {
  canActivate(): boolean {
    throw new ForbiddenException('Managers only');
  }
}

@Injectable()
class BrokenGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>();
    return request.headers.authorization === 'Bearer ok'; // written for HTTP only: throws on a tool call
  }
}

@Toolset()
@Injectable()
class MiscTools {
  @Tool({ description: 'Anyone but the blocklist.' })
  hello() {
    return 'hello';
  }

  @Tool({ description: 'Managers only.' })
  @UseGuards(ManagersOnlyGuard)
  payroll() {
    return 'payroll';
  }

  @Tool({ description: 'Guarded by an HTTP-only guard.' })
  @UseGuards(BrokenGuard)
  legacy() {
    return 'legacy';
  }
}

describe('global guards and guards that throw', () => {
  let emulator: ProviderEmulator;
  let moduleRef: TestingModule;
  let chat: NestChat;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    moduleRef = await startContext(
      {
        imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) })],
        providers: [GlobalTypes, MiscTools, { provide: APP_GUARD, useClass: GlobalBlocklistGuard }],
      },
      logger,
    );
    chat = moduleRef.get(NestChat);
  });
  afterAll(async () => {
    await moduleRef?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  const callTool = async (name: string, caller: Caller) => {
    emulator.script([{ toolCalls: [{ id: 'x', name, arguments: {} }] }, { text: 'ok' }]);
    return (await chat.complete('go', { context: { caller } })).toolResults[0];
  };

  it('app-wide guards (APP_GUARD) run on tool calls too, with the context type chat-tool', async () => {
    expect(await callTool('hello', alice)).toMatchObject({ content: 'hello' });
    expect(moduleRef.get(GlobalTypes).seen).toContain('chat-tool');
    expect(await callTool('hello', { id: 'mallory', roles: [] })).toMatchObject({ error: { kind: 'denied' } });
  });

  it('the message of an HTTP exception a guard throws reaches the model', async () => {
    expect(await callTool('payroll', bob)).toMatchObject({ content: 'The tool "payroll" is not allowed for this caller: Managers only', error: { kind: 'denied' } });
  });

  it('a guard that fails on a tool call refuses it, shows no internals and logs the error', async () => {
    const result = await callTool('legacy', bob);
    expect(result).toMatchObject({ content: 'The tool "legacy" is not allowed for this caller: Forbidden resource', error: { kind: 'denied' } });
    expect(logger.of('error').join('\n')).toContain('A guard of tool "legacy" threw; the call is refused: Cannot read properties of undefined');
  });
});
