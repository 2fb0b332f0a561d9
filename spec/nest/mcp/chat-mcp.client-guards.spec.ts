import { ForbiddenException, Injectable, type CallHandler, type CanActivate, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { TestingModule } from '@nestjs/testing';
import { map, type Observable } from 'rxjs';
import { Messages } from '../../../lib/core/messages';
import { McpToolSet } from '../../../lib/mcp';
import { ChatModule, ChatToolContext, NestChat } from '../../../lib/nest';
import { ProviderEmulator } from '../../../lib/testing';
import { startToolboxServer, type ToolboxServer } from '../../support/mcp-servers';
import { emulatedProvider, offeredTools, startContext, toolOutputs } from '../nest-test.helpers';

jest.setTimeout(60_000);

interface Caller {
  readonly role: 'guest' | 'admin';
}

@Injectable()
class Seen {
  readonly guard: string[] = [];
  readonly interceptor: string[] = [];
}

/** An app-wide guard that tells MCP tools apart by their metadata: only admins may `unlock`. */
@Injectable()
class McpPolicyGuard implements CanActivate {
  constructor(private readonly seen: Seen) {}

  canActivate(ctx: ExecutionContext): boolean {
    const call = ChatToolContext.fromExecutionContext<Caller>(ctx);
    if (!call) return true;
    const mcp = call.tool.metadata.mcp as { server: string; tool: string } | undefined;
    this.seen.guard.push(`${call.phase} ${mcp?.server}/${mcp?.tool} ${call.context.role}`);
    if (mcp?.tool === 'unlock' && call.context.role !== 'admin') throw new ForbiddenException('Admins only');
    return true;
  }
}

/** An app-wide interceptor around every tool call: records it and wraps the result. */
@Injectable()
class AuditInterceptor implements NestInterceptor {
  constructor(private readonly seen: Seen) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const call = ChatToolContext.fromExecutionContext<Caller>(ctx);
    this.seen.interceptor.push(`${ctx.getType()} ${ctx.getClass().name}.${ctx.getHandler().name} ${call?.context.role}`);
    return next.handle().pipe(map((result) => `[audited] ${String(result)}`));
  }
}

describe('MCP tools in a Nest chat pass the app-wide guards, interceptors and approval', () => {
  let emulator: ProviderEmulator;
  let server: ToolboxServer;
  let moduleRef: TestingModule;
  let chat: NestChat;
  let seen: Seen;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    server = await startToolboxServer({ unlocked: true });
    moduleRef = await startContext({
      imports: [
        ChatModule.forRootAsync({
          useFactory: async () => ({
            provider: emulatedProvider(emulator),
            tools: await McpToolSet.connect({ servers: { toolbox: { url: server.url, requiresApproval: ['secret'] } } }),
          }),
        }),
      ],
      providers: [Seen, { provide: APP_GUARD, useClass: McpPolicyGuard }, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
    });
    chat = moduleRef.get(NestChat);
    seen = moduleRef.get(Seen);
  });
  afterAll(async () => {
    await moduleRef?.close();
    await server?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.reset();
    server.calls.length = 0;
    seen.guard.length = 0;
    seen.interceptor.length = 0;
  });

  it('a guard refuses an MCP call: the model gets the refusal, the MCP server never sees the call; the allowed call runs inside the interceptor', async () => {
    emulator.script([
      {
        toolCalls: [
          { id: 'u', name: 'unlock', arguments: {} },
          { id: 'e', name: 'echo', arguments: { text: 'hi' } },
        ],
      },
      { text: 'Done.' },
    ]);
    const reply = await chat.complete(Messages.fromUser('Unlock and echo'), { context: { role: 'guest' } });
    const outputs = toolOutputs(emulator.requests()[1].body);
    expect(outputs.u).toBe('The tool "unlock" is not allowed for this caller: Admins only');
    expect(outputs.e).toBe('[audited] echo: hi');
    expect(reply.toolResults.find((r) => r.callId === 'u')).toMatchObject({ isError: true, error: { kind: 'denied' } });
    expect(server.calls).toEqual([{ name: 'echo', arguments: { text: 'hi' } }]);
    expect(seen.interceptor).toEqual(['chat-tool ChatExternalTools.echo guest']);
    expect(seen.guard.sort()).toEqual(['call toolbox/echo guest', 'call toolbox/unlock guest']);
  });

  it('the same guard lets an admin through to the server', async () => {
    emulator.script([{ toolCalls: [{ id: 'u', name: 'unlock', arguments: {} }] }, { text: 'Unlocked.' }]);
    await chat.complete(Messages.fromUser('Unlock'), { context: { role: 'admin' } });
    expect(toolOutputs(emulator.requests()[1].body).u).toBe('[audited] unlocked');
    expect(server.calls.map((c) => c.name)).toEqual(['unlock']);
  });

  it('hideDeniedTools asks the guard before offering MCP tools', async () => {
    emulator.script([{ text: 'Hi guest.' }, { text: 'Hi admin.' }]);
    await chat.complete(Messages.fromUser('Hi'), { context: { role: 'guest' }, hideDeniedTools: true });
    await chat.complete(Messages.fromUser('Hi'), { context: { role: 'admin' }, hideDeniedTools: true });
    const [forGuest, forAdmin] = emulator.requests().map((r) => offeredTools(r.body));
    expect(forGuest).toEqual(['echo', 'secret']);
    expect(forAdmin).toEqual(['echo', 'unlock', 'secret']);
  });

  it('an MCP tool that requires approval pauses the chat, meets the guard before the wait and runs only once approved', async () => {
    emulator.script([{ toolCalls: [{ id: 's', name: 'secret', arguments: {} }] }, { text: 'It is 42.' }]);
    const messages = Messages.fromUser('The secret?');
    const paused = await chat.complete(messages, { context: { role: 'guest' } });
    expect(paused.status).toBe('paused');
    expect(paused.pendingToolCalls.map((c) => c.name)).toEqual(['secret']);
    expect(seen.guard).toEqual(['approval toolbox/secret guest']);
    expect(server.calls).toEqual([]);
    messages.approve('s', { decidedBy: 'spec' });
    const resumed = await chat.complete(messages, { context: { role: 'guest' } });
    expect(resumed.toolResults.map((r) => r.content)).toEqual(['[audited] the secret is 42']);
    expect(server.calls.map((c) => c.name)).toEqual(['secret']);
  });
});

describe('a Nest chat follows tools/list_changed of its MCP tools', () => {
  it('offers a tool the server added during a call at the next model request, under the same guards and interceptors', async () => {
    const emulator = await ProviderEmulator.start();
    const server = await startToolboxServer();
    const moduleRef = await startContext({
      imports: [ChatModule.forRootAsync({ useFactory: async () => ({ provider: emulatedProvider(emulator), tools: await McpToolSet.connect({ servers: { toolbox: { url: server.url } } }) }) })],
      providers: [Seen, { provide: APP_GUARD, useClass: McpPolicyGuard }, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
    });
    try {
      const chat = moduleRef.get(NestChat);
      emulator.script([{ toolCalls: [{ id: 'u', name: 'unlock', arguments: {} }] }, { toolCalls: [{ id: 's', name: 'secret', arguments: {} }] }, { text: 'It is 42.' }]);
      const reply = await chat.complete(Messages.fromUser('Unlock, then the secret'), { context: { role: 'admin' } });
      expect(emulator.requests().map((r) => offeredTools(r.body))).toEqual([['echo', 'unlock'], ['echo', 'unlock', 'secret'], ['echo', 'unlock', 'secret']]);
      expect(reply.toolResults.map((r) => r.content)).toEqual(['[audited] unlocked', '[audited] the secret is 42']);
      expect(moduleRef.get(Seen).guard).toEqual(['call toolbox/unlock admin', 'call toolbox/secret admin']);
      expect(chat.tools.map((t) => t.name)).toEqual(['echo', 'unlock', 'secret']);
    } finally {
      await moduleRef.close();
      await server.close();
      await emulator.close();
    }
  });
});
