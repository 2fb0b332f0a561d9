import { ServiceUnavailableException } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { ChatModule, NestChat } from '../../lib/nest';
import { ChatHealthIndicator } from '../../lib/nest/health';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, startContext } from './nest-test.helpers';

describe('ChatHealthIndicator (@nestjs/terminus)', () => {
  let emulator: ProviderEmulator;
  let moduleRef: TestingModule;
  let health: HealthCheckService;
  let indicator: ChatHealthIndicator;
  let chat: NestChat;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    moduleRef = await startContext({
      imports: [TerminusModule.forRoot({ logger: false }), ChatModule.forRoot({ provider: emulatedProvider(emulator), retry: false })],
      providers: [ChatHealthIndicator],
    });
    health = moduleRef.get(HealthCheckService);
    indicator = moduleRef.get(ChatHealthIndicator);
    chat = moduleRef.get(NestChat);
  });
  afterAll(async () => {
    await moduleRef?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  const check = () => health.check([() => indicator.isHealthy('llm')]);

  it('follows the traffic: unknown is up, a provider failure is down, a success is up again', async () => {
    await expect(check()).resolves.toMatchObject({ status: 'ok', info: { llm: { status: 'up', default: { status: 'unknown', provider: 'responses', model: 'emulated-model' } } } });

    emulator.script([{ error: { status: 503, message: 'overloaded, try later' } }]);
    await expect(chat.complete('Hi')).rejects.toThrow();
    const failure = await check().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    expect((failure as ServiceUnavailableException).getResponse()).toMatchObject({
      status: 'error',
      error: { llm: { status: 'down', default: { status: 'down', consecutiveFailures: 1, lastError: expect.stringContaining('overloaded') } } },
    });

    emulator.script([{ text: 'Fine again.' }]);
    await chat.complete('Hi');
    await expect(check()).resolves.toMatchObject({ status: 'ok', info: { llm: { default: { status: 'up', consecutiveFailures: 0 } } } });
  });

  it('errors that say nothing about the provider do not count', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(chat.complete('Hi', { signal: controller.signal })).rejects.toThrow();
    await expect(check()).resolves.toMatchObject({ status: 'ok' });
  });

  it('probe: asks each provider with a tiny request', async () => {
    emulator.script([{ text: 'pong' }]);
    await expect(indicator.isHealthy('llm', { probe: true })).resolves.toMatchObject({ llm: { status: 'up', default: { probe: 'ok' } } });
    expect(emulator.requests()[0].body).toMatchObject({ max_output_tokens: 16 });

    emulator.script([{ error: { status: 401, message: 'bad key' } }]);
    await expect(indicator.isHealthy('llm', { probe: true })).resolves.toMatchObject({ llm: { status: 'down', default: { probe: 'failed', probeError: expect.stringContaining('bad key') } } });
  });

  it('a probe that succeeds clears the "down" state the traffic left; a failed probe sets it', async () => {
    emulator.script([{ text: 'A clean start.' }, { error: { status: 500, message: 'upstream broke' } }]);
    await chat.complete('Hi');
    await expect(chat.complete('Hi')).rejects.toThrow();
    await expect(indicator.isHealthy('llm')).resolves.toMatchObject({ llm: { status: 'down', default: { status: 'down', consecutiveFailures: 1 } } });

    emulator.script([{ text: 'pong' }]);
    await expect(indicator.isHealthy('llm', { probe: true })).resolves.toMatchObject({ llm: { status: 'up', default: { status: 'up', probe: 'ok', consecutiveFailures: 0 } } });
    // The next check without a probe judges from the traffic, and the probe's success is part of it.
    await expect(check()).resolves.toMatchObject({ status: 'ok', info: { llm: { default: { status: 'up', consecutiveFailures: 0 } } } });

    emulator.script([{ error: { status: 503, message: 'overloaded' } }]);
    await expect(indicator.isHealthy('llm', { probe: true })).resolves.toMatchObject({ llm: { status: 'down', default: { probe: 'failed' } } });
    await expect(indicator.isHealthy('llm')).resolves.toMatchObject({ llm: { status: 'down', default: { status: 'down', consecutiveFailures: 1, lastError: expect.stringContaining('overloaded') } } });
  });
});
