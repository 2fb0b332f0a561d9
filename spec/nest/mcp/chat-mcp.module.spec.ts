import 'reflect-metadata';
import { CallHandler, CanActivate, ExecutionContext, ForbiddenException, Injectable, Module, NestInterceptor, UseGuards, UseInterceptors, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { IsString } from 'class-validator';
import { map, type Observable } from 'rxjs';
import { Tool } from '../../../lib/decorators';
import { ChatToolContext, Toolset } from '../../../lib/nest';
import { ChatMcpModule, ChatMcpTools } from '../../../lib/nest/mcp';
import { configureSchemas } from '../../../lib/schema';

configureSchemas({ runtimeSchemaWarnings: false });
jest.setTimeout(30_000);

type Caller = { user?: string };

@Injectable()
class ManagersOnly implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const tool = ChatToolContext.fromExecutionContext<Caller>(ctx);
    if (tool?.context?.user !== 'manager') throw new ForbiddenException('Managers only');
    return true;
  }
}

@Injectable()
class Shout implements NestInterceptor {
  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value) => (typeof value === 'string' ? value.toUpperCase() : value)));
  }
}

class OrderArgs {
  /** Order id. */
  @IsString() orderId!: string;
}

@Injectable()
class OrdersService {
  find(id: string): string {
    return `order ${id}`;
  }
}

@Toolset()
@Injectable()
class OrderTools {
  constructor(private readonly orders: OrdersService) {}

  @Tool({ description: 'Find an order.' })
  @UseInterceptors(Shout)
  findOrder(args: OrderArgs): string {
    return this.orders.find(args.orderId);
  }

  @Tool({ description: 'Refund an order.' })
  @UseGuards(ManagersOnly)
  refund(args: OrderArgs): string {
    return `refunded ${args.orderId}`;
  }

  @Tool({ description: 'Cancel an order.', requiresApproval: true })
  cancel(args: OrderArgs): string {
    return `cancelled ${args.orderId}`;
  }
}

@Toolset({ chats: ['other'] })
@Injectable()
class HiddenTools {
  @Tool({ description: 'Not served.' })
  secret(args: OrderArgs): string {
    return args.orderId;
  }
}

@Module({
  imports: [
    ChatMcpModule.forRoot<Caller>({
      path: 'mcp',
      toolsets: [OrderTools],
      context: (req) => ({ user: req.headers['x-user'] as string | undefined }),
      approve: ({ tool, context }) => tool.name === 'cancel' && context.user === 'manager',
    }),
  ],
  providers: [OrdersService, OrderTools, HiddenTools, ManagersOnly, Shout],
})
class AppModule {}

describe('ChatMcpModule: @Toolset() services served over MCP from the Nest app', () => {
  let app: INestApplication;
  let url: string;
  const clients: Client[] = [];
  const connect = async (user: string): Promise<Client> => {
    const client = new Client({ name: user, version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { 'x-user': user } } }));
    clients.push(client);
    return client;
  };
  const text = (result: unknown): string => ((result as { content: Array<{ text?: string }> }).content ?? []).map((b) => b.text ?? '').join('');

  beforeAll(async () => {
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/mcp`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await app?.close();
  });

  it('lists only the chosen toolsets, with the @Tool() schemas', async () => {
    const client = await connect('clerk');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['cancel', 'findOrder', 'refund']);
    expect(tools.find((t) => t.name === 'findOrder')?.inputSchema).toMatchObject({ type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] });
    expect(app.get(ChatMcpTools).tools.map((t) => t.name).sort()).toEqual(['cancel', 'findOrder', 'refund']);
  });

  it('runs a call through the DI instance and its interceptors', async () => {
    const client = await connect('clerk');
    expect(text(await client.callTool({ name: 'findOrder', arguments: { orderId: 'A1' } }))).toBe('ORDER A1');
  });

  it('refuses a call the guard denies for this caller with an isError result, and allows another caller', async () => {
    const clerk = await connect('clerk');
    const refused = (await clerk.callTool({ name: 'refund', arguments: { orderId: 'A1' } })) as { isError?: boolean };
    expect(refused.isError).toBe(true);
    expect(text(refused)).toBe('The tool "refund" is not allowed for this caller: Managers only');
    const manager = await connect('manager');
    expect(text(await manager.callTool({ name: 'refund', arguments: { orderId: 'A1' } }))).toBe('refunded A1');
  });

  it('answers invalid arguments with an isError result', async () => {
    const client = await connect('clerk');
    const bad = (await client.callTool({ name: 'findOrder', arguments: { orderId: 42 } })) as { isError?: boolean };
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/Invalid arguments for "findOrder"/);
  });

  it('runs a tool that requires approval only when approve() says yes for this caller', async () => {
    const clerk = await connect('clerk');
    const refused = (await clerk.callTool({ name: 'cancel', arguments: { orderId: 'A1' } })) as { isError?: boolean };
    expect(refused.isError).toBe(true);
    expect(text(refused)).toBe('The tool "cancel" needs approval, and this call was not approved');
    const manager = await connect('manager');
    expect(text(await manager.callTool({ name: 'cancel', arguments: { orderId: 'A1' } }))).toBe('cancelled A1');
  });
});
