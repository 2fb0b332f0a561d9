import { Controller, type INestApplication, type MessageEvent, Post, Query, Sse } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Observable } from 'rxjs';
import type { BudgetLimit } from '../../lib/budget';
import type { Usage } from '../../lib/core/usage.types';
import { ConfigurationError } from '../../lib/errors';
import { ChatBudget, ChatErrorFilter, ChatModule, NestChat, toSseEvents } from '../../lib/nest';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, RecordingLogger } from './nest-test.helpers';

interface Caller {
  readonly user: string;
}
/** Every request is estimated at 150 tokens; the emulator answers with 100 (40 in, 60 out). */
const estimate = (): Usage => ({ inputTokens: 50, outputTokens: 100, totalTokens: 150 });
const perUser = (name: string, limit: number): BudgetLimit<Caller> => ({ name, key: (c) => c.user, window: 'day', limit });

@Controller('reports')
@ChatBudget<Caller>({ limits: [perUser('reports-per-user', 300)], estimate })
class ReportsController {
  constructor(private readonly chat: NestChat) {}

  @Post('ask')
  async ask(@Query('user') user: string): Promise<string> {
    return (await this.chat.complete('Write it', { context: { user } })).text;
  }

  @Sse('stream')
  stream(@Query('user') user: string): Observable<MessageEvent> {
    return this.chat.stream('Write it', { context: { user } }).pipe(toSseEvents());
  }

  @Post('big')
  @ChatBudget<Caller>({ limits: [perUser('big-reports-per-user', 10_000)], estimate })
  async big(@Query('user') user: string): Promise<string> {
    return (await this.chat.complete('Write a long one', { context: { user } })).text;
  }
}

@Controller('free')
class FreeController {
  constructor(private readonly chat: NestChat) {}

  @Post('ask')
  async ask(@Query('user') user: string): Promise<string> {
    return (await this.chat.complete('Hi', { context: { user } })).text;
  }
}

describe('@ChatBudget(): a budget per route or controller, in a real Nest app', () => {
  let emulator: ProviderEmulator;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    const moduleRef = await Test.createTestingModule({
      imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), retry: false })],
      controllers: [ReportsController, FreeController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: new RecordingLogger() });
    app.useGlobalFilters(new ChatErrorFilter(app.getHttpAdapter()));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const post = (path: string) => fetch(`${url}${path}`, { method: 'POST' });
  const reply = (text: string) => ({ text, usage: { input: 40, output: 60 } });

  it("the controller's budget limits its routes per caller; a refused run is a 429 and sends nothing; other routes are not limited", async () => {
    emulator.reset();
    emulator.script([reply('one'), reply('two'), reply('free'), reply('u2'), reply('big')]);
    expect(await (await post('/reports/ask?user=u1')).text()).toBe('one');
    expect(await (await post('/reports/ask?user=u1')).text()).toBe('two');
    const refused = await post('/reports/ask?user=u1'); // 200 spent + 150 estimated > 300
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/budget/i);
    expect(emulator.requests().length).toBe(2);
    expect(await (await post('/free/ask?user=u1')).text()).toBe('free'); // no budget on this route
    expect(await (await post('/reports/ask?user=u2')).text()).toBe('u2'); // another caller has their own
    expect(await (await post('/reports/big?user=u1')).text()).toBe('big'); // the handler's own budget wins over the class's
    expect(emulator.requests().length).toBe(5);
  });

  it('an SSE route refused by its budget ends with a fatal budget error event and sends nothing', async () => {
    emulator.reset();
    emulator.script([reply('one'), reply('two'), reply('never')]);
    await post('/reports/ask?user=u3');
    await post('/reports/ask?user=u3');
    const body = await (await fetch(`${url}/reports/stream?user=u3`)).text();
    expect(body).toContain('"fatal":true');
    expect(body).toMatch(/budget/i);
    expect(emulator.requests().length).toBe(2);
  });

  it('bad limits fail when the class is defined, with a ConfigurationError', () => {
    expect(() => ChatBudget({ limits: [] })).toThrow(ConfigurationError);
    expect(() => ChatBudget<Caller>({ limits: [perUser('x', -1)] })).toThrow(/>= 0/);
  });
});
