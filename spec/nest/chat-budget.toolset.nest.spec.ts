import { Controller, Injectable, Post, Query, UseGuards, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { InMemoryBudgetStore, type BudgetLimit } from '../../lib/budget';
import type { ToolContext } from '../../lib/core/tool.types';
import type { Usage } from '../../lib/core/usage.types';
import { Tool } from '../../lib/decorators';
import { BudgetExceededError } from '../../lib/errors';
import { ChatBudget, ChatErrorFilter, ChatModule, ChatRegistry, ChatToolContext, InjectChat, NestChat, Toolset } from '../../lib/nest';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, offeredTools, RecordingLogger } from './nest-test.helpers';

interface Caller {
  readonly user: string;
}
/** Every request is estimated at 150 tokens; the emulator answers with 100 (40 in, 60 out). */
const estimate = (): Usage => ({ inputTokens: 50, outputTokens: 100, totalTokens: 150 });
const perUser = (name: string, limit: number): BudgetLimit<Caller> => ({ name, key: (c) => c?.user, window: 'day', limit });
const reply = (text: string) => ({ text, usage: { input: 40, output: 60 } });

class OrderArgs {
  @IsString() id!: string;
}

@Toolset()
@ChatBudget<Caller>({ limits: [perUser('order-tools', 300)], estimate })
@Injectable()
class OrderTools {
  @Tool({ description: 'Look an order up.' })
  lookup(args: OrderArgs) {
    return `order ${args.id}`;
  }
}

/** Hides `publish` from the user "viewer" (hideDeniedTools). */
@Injectable()
class NoViewersGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    return ChatToolContext.fromExecutionContext<Caller>(ctx)?.context.user !== 'viewer';
  }
}

@Toolset({ chats: ['reports'] })
@ChatBudget<Caller>({ limits: [perUser('report-tools', 300)], estimate })
@Injectable()
class ReportTools {
  @Tool({ description: 'Draft a report.' })
  @ChatBudget<Caller>({ limits: [perUser('drafts', 10_000)], estimate })
  draft(args: OrderArgs) {
    return `draft ${args.id}`;
  }

  @Tool({ description: 'Publish a report.' })
  @UseGuards(NoViewersGuard)
  publish(args: OrderArgs) {
    return `published ${args.id}`;
  }
}

/** A tool that asks another chat (one offering no tools) for help: that run spends the toolset's budget too. */
@Toolset({ chats: ['summaries'] })
@ChatBudget<Caller>({ limits: [perUser('summary-tools', 300)], estimate })
@Injectable()
class SummaryTools {
  constructor(@InjectChat('helper') private readonly helper: NestChat) {}

  @Tool({ description: 'Summarise an order.' })
  async summarize(args: OrderArgs, tool: ToolContext<Caller>) {
    return (await this.helper.complete(`Summarise order ${args.id}`, { context: tool.context })).text;
  }
}

/** The in-memory store of the route's budget, summed over every counter it touched. */
class SummedStore extends InMemoryBudgetStore {
  private readonly keys = new Set<string>();
  override async reserve(key: string, amount: number, limit: number, expiresAt: number) {
    this.keys.add(key);
    return super.reserve(key, amount, limit, expiresAt);
  }
  total(): number {
    return [...this.keys].reduce((sum, key) => sum + this.peek(key), 0);
  }
}
const routeStore = new SummedStore();

@Controller('summaries')
@ChatBudget<Caller>({ limits: [perUser('summary-route', 10_000)], estimate, store: routeStore })
class SummariesController {
  constructor(@InjectChat('summaries') private readonly chat: NestChat) {}

  @Post()
  async summarise(@Query('user') user: string): Promise<string> {
    return (await this.chat.complete('Summarise A-1', { context: { user } })).text;
  }
}

describe('@ChatBudget() on a @Toolset(): a budget per toolset, in a Nest app over the emulator', () => {
  let emulator: ProviderEmulator;
  let app: INestApplication;
  let registry: ChatRegistry;
  let url: string;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    const provider = () => emulatedProvider(emulator);
    const moduleRef = await Test.createTestingModule({
      imports: [
        ChatModule.forRoot({
          provider,
          retry: false,
          chats: { plain: { provider, retry: false, discoverTools: false }, reports: { provider, retry: false }, summaries: { provider, retry: false }, helper: { provider, retry: false } },
        }),
      ],
      controllers: [SummariesController],
      providers: [OrderTools, ReportTools, NoViewersGuard, SummaryTools],
    }).compile();
    app = moduleRef.createNestApplication({ logger: new RecordingLogger() });
    app.useGlobalFilters(new ChatErrorFilter(app.getHttpAdapter()));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    registry = app.get(ChatRegistry);
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  it("every request that offers the toolset's tools spends its budget per caller; a refused run sends nothing; a chat without those tools is not limited", async () => {
    emulator.script([reply('one'), reply('two'), reply('other user'), reply('plain')]);
    const chat = registry.get('default');
    const u1 = { context: { user: 'u1' } };
    expect((await chat.complete('a', u1)).text).toBe('one');
    expect((await chat.complete('b', u1)).text).toBe('two');
    const refused = await chat.complete('c', u1).catch((e: unknown) => e); // 200 spent + 150 estimated > 300
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({ budget: 'order-tools', used: 200, limit: 300 });
    expect(emulator.requests()).toHaveLength(2);
    expect(offeredTools(emulator.requests()[0].body)).toEqual(['lookup']);
    expect((await chat.complete('d', { context: { user: 'u2' } })).text).toBe('other user');
    expect((await registry.get('plain').complete('e', u1)).text).toBe('plain'); // offers no toolset tools
    expect(emulator.requests()).toHaveLength(4);
  });

  it("a tool method's own @ChatBudget() wins over the class's; what a request spends follows the tools it actually offers", async () => {
    emulator.script([reply('v1'), reply('v2'), reply('v3'), reply('e1'), reply('e2')]);
    const chat = registry.get('reports');
    // "viewer" is offered only `draft` (its own, large budget): the class's 300-token budget is not spent
    for (const text of ['v1', 'v2', 'v3']) expect((await chat.complete('go', { context: { user: 'viewer' }, hideDeniedTools: true })).text).toBe(text);
    expect(offeredTools(emulator.requests()[0].body)).toEqual(['draft']);
    // "editor" is offered both: each request spends the draft budget and the class's (publish)
    expect((await chat.complete('go', { context: { user: 'editor' }, hideDeniedTools: true })).text).toBe('e1');
    expect((await chat.complete('go', { context: { user: 'editor' }, hideDeniedTools: true })).text).toBe('e2');
    await expect(chat.complete('go', { context: { user: 'editor' }, hideDeniedTools: true })).rejects.toMatchObject({ name: 'BudgetExceededError', budget: 'report-tools' });
    expect(offeredTools(emulator.requests()[3].body).sort()).toEqual(['draft', 'publish']);
    expect(emulator.requests()).toHaveLength(5);
  });

  it("a chat run a toolset's tool starts spends the toolset's budget too, so the run's next request is refused", async () => {
    emulator.script([{ toolCalls: [{ id: 's1', name: 'summarize', arguments: { id: 'A-1' } }], usage: { input: 40, output: 60 } }, reply('Order A-1 is late.'), reply('never sent')]);
    // request 1 (offers summarize): 100; the helper's run inside the tool: 100; request 2 would reserve 150 more: 350 > 300
    const refused = await registry.get('summaries').complete('Summarise A-1', { context: { user: 'u1' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({ budget: 'summary-tools', used: 200 });
    expect(emulator.requests()).toHaveLength(2);
    expect(offeredTools(emulator.requests()[1].body)).toEqual([]); // the helper chat offers no tools
  });

  it("inside a budgeted route, a tool's own chat run spends the route's budget and the toolset's (the scopes add up)", async () => {
    emulator.script([{ toolCalls: [{ id: 's2', name: 'summarize', arguments: { id: 'A-2' } }], usage: { input: 40, output: 60 } }, reply('A-2 shipped.'), reply('never sent')]);
    const response = await fetch(`${url}/summaries?user=u9`, { method: 'POST' });
    expect(response.status).toBe(429); // the toolset's budget refused the run's second request
    expect(await response.text()).toMatch(/summary-tools/);
    expect(emulator.requests()).toHaveLength(2);
    expect(routeStore.total()).toBe(200); // the route's request and the helper run inside the tool
  });
});
